//! How explanations read for a person: the `Display` of each.

use core::fmt;

use crate::explain::{EngagementExplanation, Explanation, FitExplanation, ProbabilityExplanation, mark};
use crate::policy::Require;

impl fmt::Display for FitExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fit: {}, score {}",
            mark(self.passed, "passed", "failed"),
            self.score
        )?;
        if let Some(min) = self.min_score {
            write!(f, " (needs {min})")?;
        }
        write!(f, ", {} of {} criteria met", self.met, self.criteria.len())?;
        if let Some(min) = self.min_met {
            write!(f, " (needs {min})")?;
        }
        if self.min_score.is_some() && self.min_met.is_some() && self.require == Require::Any {
            f.write_str(", either rule suffices")?;
        }
        let required = self.criteria().filter(|c| c.required);
        let (met, all) = (required.clone().filter(|c| c.met).count(), required.count());
        if all > 0 {
            write!(f, ", {met} of {all} required criteria met")?;
        }
        for c in self.criteria() {
            write!(
                f,
                "\n  [{}] {}{}: {}; seen: {} (+{} of {})",
                mark(c.met, "met ", "miss"),
                c.name,
                mark(c.required, " (required)", ""),
                c.text,
                c.seen,
                c.points,
                c.weight
            )?;
        }
        let hits = self.knockouts.iter().filter(|hit| **hit).count();
        write!(f, "\nknockouts: {hits} of {} hit", self.knockouts.len())?;
        for k in self.knockouts() {
            write!(
                f,
                "\n  [{}] {}: knocks out when {}; seen: {}",
                mark(k.hit, "HIT ", "ok  "),
                k.name,
                k.text,
                k.seen
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for EngagementExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [iql, mql, sql] = &self.thresholds;
        write!(f, "engagement: score {}, tier ", self.score)?;
        match self.tier {
            Some(t) => write!(f, "{t}")?,
            None => f.write_str("none")?,
        }
        write!(f, " (IQL {iql}, MQL {mql}, SQL {sql})\n  {}", self.tier_reason())?;
        for s in &self.signals {
            write!(
                f,
                "\n  {} at {}: {} -> {} ({})",
                s.kind, s.at, s.points, s.counted, s.decay
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} under policy {} at {}",
            mark(self.qualifies, "qualifies", "does not qualify"),
            self.policy,
            self.now
        )?;
        writeln!(f, "{}", self.fit)?;
        write!(f, "{}", self.engagement)
    }
}

impl fmt::Display for ProbabilityExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "close probability {} {} threshold {} (policy {})\n  base {}",
            self.probability,
            mark(self.meets, "meets", "is below"),
            self.threshold,
            self.policy,
            self.base
        )?;
        for a in &self.adjustments {
            let sign = if a.value.is_sign_negative() { "" } else { "+" };
            write!(f, "\n  {sign}{} {}", a.value, a.name)?;
        }
        if let Some(sum) = self.clamped_from {
            let end = mark(sum > self.probability.value(), "most", "least");
            write!(
                f,
                "\n  = {sum}, held at {}, the {end} an open deal may show",
                self.probability
            )?;
        }
        Ok(())
    }
}
