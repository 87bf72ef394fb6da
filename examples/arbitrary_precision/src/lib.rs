//! Nothing but tests: `tests/numbers.rs` reads CRM objects, rows and a policy through
//! serde_json with its `arbitrary_precision` feature on, as a host that enables it does.
