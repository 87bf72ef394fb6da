mod util;
use util::*;

#[test]
fn fixtures_build() {
    let opp = opportunity();
    assert_eq!(opp.probability().to_string(), "0.95");
    assert_eq!(opp.history().len(), 2);
}
