//! [`CrmRow`]: one record as a CRM export holds it, every value kept as text.

use std::collections::BTreeMap;

/// A CRM object's fields by the CRM's own names, every value as text: what an API's
/// `properties` object, a query result's record or a CSV line holds. Read one from JSON
/// leniently through [`Object`].
pub type Fields = BTreeMap<String, String>;

/// A CRM object's [`Fields`], read leniently: deserialize this for an API's `properties`
/// object, a query result's record or an entity.
///
/// With the `serde` feature it reads any JSON object: strings are kept, numbers and
/// booleans become their text (`50000.0` reads as `"50000"`, `true` as `"true"`), nulls and
/// arrays are left out, and a nested object's fields are read under its name and a dot:
/// a Salesforce query's `"Account": {"Industry": "software"}` is `Account.Industry`, and
/// its `attributes` are `attributes.type` and `attributes.url`.
///
/// A JSON number follows the rule a policy's figures follow. An integer is its digits. A
/// number the parser holds as a float is its shortest form when that has at most 15
/// significant digits, which is then exactly what was written (`120000.0` is `"120000"`,
/// `0.1` is `"0.1"`); with more, the digits written may have been rounded away
/// (`12345678901234567.89` is the float `12345678901234568`), so the text is that form in
/// exponent notation (`"1.2345678901234568e16"`), which reads as no amount: the import
/// names the field and says to send numbers as strings. With serde_json's
/// `arbitrary_precision` feature a number arrives as written and keeps every digit
/// (`"12345678901234567.89"`; an exponent is written out when a decimal holds the number).
///
/// Nothing is dropped silently. An object that reads two values under one name is
/// refused, naming the field: `{"a.b": "flat", "a": {"b": "nested"}}`, or a name written
/// twice (a null or an array is left out, so it takes no name). So is an object nested
/// more than [`MAX_NESTING`](crate::limits::MAX_NESTING) deep, and a nested field whose
/// name, its objects' names and dots included, passes
/// [`MAX_FIELD_NAME_LEN`](crate::limits::MAX_FIELD_NAME_LEN) bytes: each name is repeated
/// in every field below it, and these bounds keep the flattened names linear in the
/// object's size. Names at the top level are kept whatever their length. The error lists
/// every problem found, the first [`MAX_PROBLEMS`](crate::limits::MAX_PROBLEMS) of them,
/// each name cut to [`MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN) bytes. Salesforce's
/// relationship fields (`Account.Owner.Name`, five levels at most), HubSpot's
/// `properties` and Dynamics 365's expanded lookups with their annotations
/// (`parentaccountid.industrycode@OData.Community.Display.V1.FormattedValue`) fit well
/// within both bounds.
///
/// (This example needs the `serde` feature.)
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use qualify::crm::Object;
///
/// let record = r#"{"attributes": {"type": "Opportunity"}, "Id": "006A", "Amount": 50000.0,
///                  "IsClosed": false, "Description": null, "Account": {"Industry": "software"}}"#;
/// let Object(fields) = serde_json::from_str(record)?;
/// assert_eq!(fields.len(), 5);
/// assert_eq!(fields["attributes.type"], "Opportunity");
/// assert_eq!(fields["Account.Industry"], "software");
/// assert_eq!(fields["Amount"], "50000");
/// assert_eq!(fields["IsClosed"], "false");
///
/// let twice = r#"{"Account.Name": "Northwind", "Account": {"Name": "Contoso"}}"#;
/// let err = serde_json::from_str::<Object>(twice).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid object: field \"Account.Name\" is read twice at line 1 column 61",
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Object(pub Fields);

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Object {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Object, D::Error> {
        lenient::fields(d).map(Object)
    }
}

/// One record as a CRM holds it: the values the crate reads, each as the text the CRM
/// wrote, and every other field kept as it came, to be written back unchanged.
///
/// Build one with [`Mapping::row`](crate::crm::Mapping::row) from a CRM object's
/// [`Fields`], or deserialize one directly (every field but `id` and `stage` may be
/// absent). Nothing here is checked: the import reads each value under the mapping's
/// formats and names every one it cannot read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
#[non_exhaustive]
pub struct CrmRow {
    /// The CRM's id for the record.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "lenient::text"))]
    pub id: String,
    /// The stage label: a lifecycle stage, a lead status, a deal or opportunity stage.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "lenient::text"))]
    pub stage: String,
    /// A status label that can close the row whatever its stage (Dynamics 365's state, a
    /// HubSpot lead status), for mappings with a status column.
    #[cfg_attr(
        feature = "serde",
        serde(
            deserialize_with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub status: Option<String>,
    /// The owner's id or name.
    #[cfg_attr(
        feature = "serde",
        serde(
            deserialize_with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub owner: Option<String>,
    /// The deal amount, as written.
    #[cfg_attr(
        feature = "serde",
        serde(
            deserialize_with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub amount: Option<String>,
    /// The amount's currency code; the mapping's default currency when absent.
    #[cfg_attr(
        feature = "serde",
        serde(
            deserialize_with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub currency: Option<String>,
    /// The expected (open) or actual (closed) close date.
    #[cfg_attr(
        feature = "serde",
        serde(
            deserialize_with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub close_date: Option<String>,
    /// The probability the CRM stored, in the mapping's scale.
    #[cfg_attr(
        feature = "serde",
        serde(
            deserialize_with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub probability: Option<String>,
    /// When the CRM created the record.
    #[cfg_attr(
        feature = "serde",
        serde(
            deserialize_with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub created: Option<String>,
    /// Every other field, by the CRM's name: the evidence and profile columns the mapping
    /// reads, and everything else, kept.
    #[cfg_attr(
        feature = "serde",
        serde(
            deserialize_with = "lenient::fields",
            skip_serializing_if = "BTreeMap::is_empty"
        )
    )]
    pub fields: Fields,
    /// The stage changes the CRM recorded, oldest first, where it keeps them.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub stage_history: Vec<StageChange>,
}

impl CrmRow {
    /// A row with only an id and a stage label.
    pub fn new(id: impl Into<String>, stage: impl Into<String>) -> CrmRow {
        CrmRow {
            id: id.into(),
            stage: stage.into(),
            ..CrmRow::default()
        }
    }

    /// The row's value for a standard slot or a field, by the name a finding uses:
    /// `stage`, `status`, `owner`, `amount`, `currency`, `close_date`, `probability`,
    /// `created`, or a field's own name.
    pub(crate) fn slots(&self) -> [(&'static str, Option<&str>); 8] {
        [
            ("stage", Some(self.stage.as_str())),
            ("status", self.status.as_deref()),
            ("owner", self.owner.as_deref()),
            ("amount", self.amount.as_deref()),
            ("currency", self.currency.as_deref()),
            ("close_date", self.close_date.as_deref()),
            ("probability", self.probability.as_deref()),
            ("created", self.created.as_deref()),
        ]
    }
}

/// One stage change a CRM recorded: the label entered, and when.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct StageChange {
    /// The stage label entered.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "lenient::text"))]
    pub stage: String,
    /// When, as written.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "lenient::text"))]
    pub at: String,
}

impl StageChange {
    /// The change into `stage` at `at`.
    pub fn new(stage: impl Into<String>, at: impl Into<String>) -> StageChange {
        StageChange {
            stage: stage.into(),
            at: at.into(),
        }
    }
}

#[cfg(feature = "serde")]
pub(crate) mod lenient {
    //! Reading CRM values as text, whatever JSON type the CRM wrote them in, and an
    //! object's nested fields under flattened names.

    use core::fmt;
    use std::collections::btree_map;

    use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

    use super::Fields;
    use crate::policy::limits::{MAX_FIELD_NAME_LEN, MAX_NESTING};
    use crate::values::decimal::de::shortest;
    use crate::values::{Echo, Listed, Problems};

    /// A value as text: `None` for null and for what is not a scalar.
    struct Text;

    impl<'de> Visitor<'de> for Text {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a number, a boolean or null")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(float(v)))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Text)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let first = map.next_key::<String>()?;
            if first.as_deref() == Some(NUMBER_TOKEN) {
                return number(map).map(Some);
            }
            if first.is_some() {
                map.next_value::<IgnoredAny>()?;
            }
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }

    /// The key under which serde_json, with its `arbitrary_precision` feature, hands over a
    /// number as the text it was written as.
    const NUMBER_TOKEN: &str = "$serde_json::private::Number";

    /// The text of a number serde_json hands over whole (its `arbitrary_precision`
    /// feature), so nothing is lost to a float: written without an exponent when a decimal
    /// holds it (`2.5e7` is `"25000000"`), else as it came.
    fn number<'de, A: MapAccess<'de>>(mut map: A) -> Result<String, A::Error> {
        let text = map.next_value::<String>()?;
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(plain(text))
    }

    /// `text`, a JSON number, without its exponent when a decimal holds it.
    fn plain(text: String) -> String {
        if !text.contains(['e', 'E']) {
            return text;
        }
        match crate::values::decimal::parse(&text) {
            Ok(d) => d.to_string(),
            Err(_) => text,
        }
    }

    /// A JSON number the parser made a float, as text. When its shortest form has at most
    /// 15 significant digits (`f64::DIGITS`), that form is exactly the number written, and
    /// is the text (`50000.0` is `"50000"`). Otherwise the digits written may have been
    /// rounded away (`12345678901234567.89` is the float `12345678901234568`), so the text
    /// is that shortest form in exponent notation (`1.2345678901234568e16`): it reads as no
    /// amount, and the import names the field and says to send numbers as strings.
    /// Read as a policy's figures are, by [`shortest`], the decimal reader's rule.
    fn float(v: f64) -> String {
        let shown = format!("{v:e}");
        match shortest(&shown, f64::DIGITS) {
            Ok(d) => d.normalize().to_string(),
            Err(None) => shown,
            // Not a decimal at all (beyond a decimal's range): the float's own digits.
            Err(Some(_)) => v.to_string(),
        }
    }

    /// A required text value; null reads as empty.
    pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(d.deserialize_any(Text)?.unwrap_or_default())
    }

    /// An optional text value.
    pub(crate) fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(Text)
    }

    /// What reading an object gathers: its fields by flattened name, and every problem.
    #[derive(Default)]
    struct Flat {
        fields: Fields,
        problems: Problems<String>,
    }

    /// An object's entries, read into `flat`, `depth` objects deep (0 at the top) under
    /// `prefix`: the names of the objects it is nested in, joined by dots.
    struct Entries<'a> {
        flat: &'a mut Flat,
        prefix: &'a mut String,
        depth: usize,
    }

    impl<'de> Visitor<'de> for Entries<'_> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of field values")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                // A number serde_json hands over whole is the value of the entry this
                // object stands for, under that entry's name.
                if key == NUMBER_TOKEN && self.depth > 0 {
                    let text = plain(map.next_value::<String>()?);
                    let Flat { fields, problems } = &mut *self.flat;
                    match fields.entry(self.prefix.clone()) {
                        btree_map::Entry::Vacant(free) => {
                            free.insert(text);
                        }
                        btree_map::Entry::Occupied(taken) => problems
                            .push_with(|| format!("field {} is read twice", Echo::quoted(taken.key()))),
                    }
                    continue;
                }
                map.next_value_seed(Entry {
                    flat: &mut *self.flat,
                    prefix: &mut *self.prefix,
                    depth: self.depth,
                    key,
                })?;
            }
            Ok(())
        }
    }

    /// The value of the entry `key` of an object `depth` deep under `prefix`: text is kept
    /// under the entry's flattened name, a nested object's entries are read under it, and
    /// null and arrays are left out.
    struct Entry<'a> {
        flat: &'a mut Flat,
        prefix: &'a mut String,
        depth: usize,
        key: String,
    }

    impl Entry<'_> {
        /// The length of the entry's flattened name, without building it.
        fn len(&self) -> usize {
            match self.depth {
                0 => self.key.len(),
                _ => self.prefix.len().saturating_add(1).saturating_add(self.key.len()),
            }
        }

        /// The entry's flattened name: its key at the top, else the prefix, a dot and the
        /// key.
        fn name(&self) -> String {
            joined(self.depth, self.prefix, &self.key)
        }

        /// Notes a problem of this entry, naming it; past the cap, only counts it, without
        /// building its name.
        fn problem(&mut self, what: impl FnOnce(Echo<'_>) -> String) {
            let Entry {
                flat,
                prefix,
                depth,
                key,
            } = self;
            flat.problems
                .push_with(|| what(Echo::quoted(&joined(*depth, prefix, key))));
        }

        /// Keeps `text` under the entry's name, unless the name is too long or was read
        /// before.
        fn keep(mut self, text: Option<String>) {
            let Some(text) = text else { return };
            if self.depth > 0 && self.len() > MAX_FIELD_NAME_LEN {
                return self.problem(too_long);
            }
            let name = match self.depth {
                0 => core::mem::take(&mut self.key),
                _ => self.name(),
            };
            let Flat { fields, problems } = &mut *self.flat;
            match fields.entry(name) {
                btree_map::Entry::Vacant(free) => {
                    free.insert(text);
                }
                btree_map::Entry::Occupied(taken) => {
                    problems.push_with(|| format!("field {} is read twice", Echo::quoted(taken.key())));
                }
            }
        }

        /// Reads a nested object's entries under the entry's name, unless it is nested too
        /// deep or its name is too long: then it is skipped, with a problem.
        fn nested<'de, A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
            let depth = self.depth.saturating_add(1);
            if depth > MAX_NESTING || self.len() > MAX_FIELD_NAME_LEN {
                if depth > MAX_NESTING {
                    self.problem(|name| {
                        format!("field {name} is an object nested more than {MAX_NESTING} deep")
                    });
                } else {
                    self.problem(too_long);
                }
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                return Ok(());
            }
            let outer = self.prefix.len();
            if self.depth > 0 {
                self.prefix.push('.');
            }
            self.prefix.push_str(&self.key);
            let read = Entries {
                flat: self.flat,
                prefix: &mut *self.prefix,
                depth,
            }
            .visit_map(map);
            self.prefix.truncate(outer);
            read
        }
    }

    /// The flattened name of the entry `key` of an object `depth` deep under `prefix`.
    fn joined(depth: usize, prefix: &str, key: &str) -> String {
        match depth {
            0 => key.to_owned(),
            _ => format!("{prefix}.{key}"),
        }
    }

    /// What a name too long to flatten is.
    fn too_long(name: Echo<'_>) -> String {
        format!("field {name} is a nested name longer than {MAX_FIELD_NAME_LEN} bytes")
    }

    macro_rules! scalar {
        ($($visit:ident: $ty:ty),*) => {$(
            fn $visit<E: de::Error>(self, v: $ty) -> Result<(), E> {
                Text.$visit(v).map(|text| self.keep(text))
            }
        )*};
    }

    impl<'de> Visitor<'de> for Entry<'_> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a number, a boolean, null or an object")
        }
        scalar!(visit_str: &str, visit_string: String, visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64);
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
            Text.visit_seq(seq).map(drop)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
            self.nested(map)
        }
    }

    impl<'de> DeserializeSeed<'de> for Entry<'_> {
        type Value = ();

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    struct FieldsVisitor;

    impl<'de> Visitor<'de> for FieldsVisitor {
        type Value = Fields;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of field values")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Fields, A::Error> {
            let mut flat = Flat::default();
            Entries {
                flat: &mut flat,
                prefix: &mut String::new(),
                depth: 0,
            }
            .visit_map(map)?;
            if flat.problems.is_empty() {
                return Ok(flat.fields);
            }
            let (problems, omitted) = flat.problems.into_parts();
            Err(de::Error::custom(format_args!(
                "invalid object: {}",
                Listed::new(&problems, omitted)
            )))
        }
    }

    /// A flat object of field values, as [`Object`](super::Object) documents.
    pub(crate) fn fields<'de, D: Deserializer<'de>>(d: D) -> Result<Fields, D::Error> {
        d.deserialize_map(FieldsVisitor)
    }
}
