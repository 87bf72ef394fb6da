//! [`Review`]: the weekly pipeline review, asked of every open deal.

use core::fmt;

use crate::evidence::Unmet;
use crate::pipeline::{Scope, echoed, owner_name};
use crate::states::{Record, Stage};
use crate::values::{Actor, RecordId, Timestamp};

/// An open deal that no longer holds: what lapsed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Finding {
    /// The deal.
    pub id: RecordId,
    /// Its owner.
    pub owner: Option<Actor>,
    /// Its stage: opportunity or discovery.
    pub stage: Stage,
    /// Every requirement of its stage it no longer meets at `as_of`.
    pub lapsed: Vec<Unmet>,
}

/// The pipeline review: the weekly question "is this actually an opportunity?", asked of
/// every open opportunity and discovery deal at `as_of` under the policy.
///
/// An opportunity must still hold all four conditions, each substantive and current
/// (evidence expired or past the policy's age limit has lapsed; a decision date that has
/// passed says nothing), with an estimate still at or above the line. A discovery deal must
/// still hold its need and timeline. Each deal that fails is a [`Finding`] naming the
/// record, its owner and every requirement that lapsed.
/// [`Opportunity::refresh`](crate::Opportunity::refresh) renews evidence in place; a deal
/// that cannot be renewed is demoted.
///
/// With the `serde` feature it serializes; it does not deserialize, because its findings
/// are [`Unmet`] requirements, which are written for people and programs to read, not read
/// back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Review {
    /// The moment the deals are judged at.
    pub as_of: Timestamp,
    /// The policy version that judged them.
    pub policy: String,
    /// How many open deals were reviewed.
    pub reviewed: u64,
    /// The deals that no longer hold, by id.
    pub findings: Vec<Finding>,
}

impl Review {
    /// The empty review of `scope`, the identity of [`merge`](Review::merge).
    pub fn new(scope: &Scope<'_>) -> Review {
        Review {
            as_of: scope.as_of,
            policy: scope.policy.version().to_owned(),
            reviewed: 0,
            findings: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, scope: &Scope<'_>, record: &Record) {
        let lapsed = match record {
            Record::Opportunity(r) => r.review(scope.policy, scope.as_of),
            Record::Discovery(r) => r.review(scope.policy, scope.as_of),
            _ => return,
        };
        self.reviewed = self.reviewed.saturating_add(1);
        if !lapsed.is_empty() {
            self.findings.push(Finding {
                id: record.id().clone(),
                owner: record.owner().cloned(),
                stage: record.stage(),
                lapsed,
            });
        }
    }

    /// The review of `records`.
    pub fn from_records<'r>(scope: &Scope<'_>, records: impl IntoIterator<Item = &'r Record>) -> Review {
        let mut report = Review::new(scope);
        for record in records {
            report.add(scope, record);
        }
        report.sort();
        report
    }

    pub(crate) fn sort(&mut self) {
        self.findings.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// Both reviews together; `as_of` and the policy are `self`'s.
    #[must_use = "merge returns the merged report"]
    pub fn merge(mut self, other: Review) -> Review {
        self.reviewed = self.reviewed.saturating_add(other.reviewed);
        self.findings.extend(other.findings);
        self.sort();
        self
    }
}

impl fmt::Display for Review {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Pipeline review at {} (policy {}): {} of {} open deals no longer hold",
            self.as_of,
            echoed(&self.policy),
            self.findings.len(),
            self.reviewed
        )?;
        for finding in &self.findings {
            writeln!(
                f,
                "  {} ({}, {}):",
                echoed(finding.id.as_str()),
                owner_name(&finding.owner),
                finding.stage.label()
            )?;
            for unmet in &finding.lapsed {
                writeln!(f, "    - {unmet}")?;
            }
        }
        Ok(())
    }
}
