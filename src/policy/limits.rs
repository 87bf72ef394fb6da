//! Bounds on what one policy and one record may hold, and on what an error repeats of bad
//! input.
//!
//! Policies and stored records often come from a plugin's configuration or a database, so
//! they are untrusted input: these bounds keep validation, scoring and loading cheap, their
//! cost linear in the input's size, and the error for a broken policy, record or value small
//! however broken it is.

pub use crate::values::{MAX_ECHO_LEN, MAX_PROBLEMS};

/// Fit criteria in `fit.criteria`.
pub const MAX_CRITERIA: usize = 64;
/// Knockouts in `fit.knockouts`.
pub const MAX_KNOCKOUTS: usize = 64;
/// Scored signal kinds in `engagement.signals`.
pub const MAX_SIGNAL_RULES: usize = 64;
/// Values in one `one_of` condition.
pub const MAX_SET_SIZE: usize = 256;
/// Text conditions (`contains_word`, `starts_with`, `ends_with`, `domain_in`) that read one
/// field, criteria and knockouts together. A field's text conditions are answered together,
/// in one reading of its value, by a table with an entry for every combination of them
/// that can hold: 256 at this limit.
pub const MAX_TEXT_CONDITIONS_PER_FIELD: usize = 8;
/// Bytes in any one string: the version, a name, a field name, a condition value.
pub const MAX_TEXT_LEN: usize = 256;
/// Largest magnitude of a weight, a number of points or a score threshold.
pub const MAX_POINTS: i64 = 1_000_000;
/// Most decimal places of a weight, points, a threshold or a probability; the engine
/// computes exactly at this scale.
pub const MAX_DECIMAL_PLACES: u32 = crate::values::PLACES;
/// Longest duration in days (decay, freshness, decision windows): 100 years.
pub const MAX_DAYS: u32 = 36_500;

/// Events in one record's history. A stored record with more does not load, and a
/// transition or milestone that would pass it is refused.
pub const MAX_EVENTS: usize = 10_000;
/// Engagement signals on one record. A stored record with more does not load, and
/// `record_signal` refuses to pass it.
pub const MAX_SIGNALS: usize = 100_000;
/// Custom attributes in the fit profile of one stored record. A stored record with more
/// does not load: past this many, each is skipped unread and counted, so 19 MiB of them
/// peaked at 0.2 MiB while loading, not 122 MiB.
///
/// That is more than a CRM record holds: Salesforce allows at most 900 custom fields on
/// any object, managed packages included. An import fills one attribute per profile
/// column, of which a mapping holds at most [`MAX_PROFILE_COLUMNS`], no more than this
/// limit, so every record an import writes loads.
///
/// The limit applies where a record is loaded or checked
/// ([`RawRecord::check`](crate::RawRecord::check)), not where a profile is built. A
/// [`Profile`](crate::Profile) built in code, with [`Profile::custom`](crate::Profile::custom)
/// or its public `custom` map, may hold more (building one does not fail), and
/// `Policy::assess` scores it as before, reading only the attributes its criteria name;
/// but a record that holds it does not load, so keep a profile within the limit before
/// storing it.
pub const MAX_CUSTOM_ATTRIBUTES: usize = 1_000;

/// Objects nested inside a CRM object read as a [`crm::Object`](crate::crm::Object) or a
/// row's `fields`: `{"Account": {"Owner": {"Name": "Ada"}}}` nests two. Salesforce's
/// queries reach five parent relationships deep; an object nested deeper is refused.
pub const MAX_NESTING: usize = 8;
/// Bytes in the name of a field read under a nested object, the objects' names and the
/// dots between them included (`Account.Owner.Name`), and in each column a
/// [`Mapping`](crate::crm::Mapping) names. Together with [`MAX_NESTING`] this keeps the
/// flattened names of an object linear in its size: each name is repeated in every field
/// below it, so without a bound 46 KiB of nested JSON flattened to 38 MiB of names.
pub const MAX_FIELD_NAME_LEN: usize = 256;
/// Bytes in a mapping's name and in each of its stage, status and choice labels.
pub const MAX_LABEL_LEN: usize = 256;
/// Stage labels in a mapping, and status labels: a hundred HubSpot pipelines of a hundred
/// stages each list 10,000.
pub const MAX_LABELS: usize = 100_000;
/// Labels in one of a mapping's choices: a budget status, an authority's access, a
/// forecast category.
pub const MAX_CHOICES: usize = 256;
/// Profile columns in a mapping.
pub const MAX_PROFILE_COLUMNS: usize = 1_000;

// Every record an import writes loads: its custom attributes come from profile columns.
const _: () = assert!(MAX_PROFILE_COLUMNS <= MAX_CUSTOM_ATTRIBUTES);
