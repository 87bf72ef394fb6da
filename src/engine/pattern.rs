//! [`Patterns`]: the text conditions of one field (contains a word, starts with, ends with,
//! domain in), answered together in one reading of a value.
//!
//! Each kind of condition is a byte trie of its values, lowercased: words and prefixes
//! read forwards, suffixes and domains backwards from the value's end. A node where a
//! listed value ends holds the bits of the conditions that list it. Reading a value walks
//! each trie at most once over each of its bytes, stepping from a node by a binary search
//! among at most 256 edges, so the cost is linear in the value's length whatever the
//! number of values listed; a walk stops as soon as no listed value continues it.

use std::collections::BTreeMap;

/// Which text condition a value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A whole word.
    Word,
    /// The start of the value.
    Prefix,
    /// The end of the value.
    Suffix,
    /// The value's domain, or a parent of it.
    Domain,
}

/// The conditions that hold for a value, as bits: condition `j` of the field is bit `j`.
pub(crate) type Mask = u8;

/// The text conditions of one field, at most [`Mask::BITS`] of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Patterns {
    words: Trie,
    prefixes: Trie,
    suffixes: Trie,
    domains: Trie,
}

impl Patterns {
    /// The patterns of `conditions`: condition `j` (bit `j`) of kind `kind` lists `values`.
    /// Values must be valid for their kind (see `engine::compile`); at most 8 conditions.
    pub(crate) fn new<'a>(conditions: impl IntoIterator<Item = (Kind, &'a [Box<str>])>) -> Patterns {
        let mut builders: [Builder; 4] = Default::default();
        for ((kind, values), bit) in conditions.into_iter().zip(0..Mask::BITS) {
            let (at, backwards) = match kind {
                Kind::Word => (0, false),
                Kind::Prefix => (1, false),
                Kind::Suffix => (2, true),
                Kind::Domain => (3, true),
            };
            if let Some(builder) = builders.get_mut(at) {
                for v in values {
                    builder.insert(v.as_bytes(), backwards, 1 << bit);
                }
            }
        }
        let [words, prefixes, suffixes, domains] = builders.map(Builder::build);
        Patterns {
            words,
            prefixes,
            suffixes,
            domains,
        }
    }

    /// Whether no condition is listed.
    #[inline(always)]
    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.prefixes.is_empty()
            && self.suffixes.is_empty()
            && self.domains.is_empty()
    }

    /// The conditions that hold for `text`.
    #[inline]
    pub(crate) fn mask(&self, text: &str) -> Mask {
        let bytes = text.as_bytes();
        let mut mask = 0;
        if !self.prefixes.is_empty() {
            self.prefixes.walk(bytes.iter().copied(), |ends, _| mask |= ends);
        }
        if !self.suffixes.is_empty() {
            self.suffixes
                .walk(bytes.iter().rev().copied(), |ends, _| mask |= ends);
        }
        if !self.domains.is_empty() {
            mask |= self.domain(bytes);
        }
        if !self.words.is_empty() {
            mask |= self.words(text);
        }
        mask
    }

    /// The domain conditions that hold for the text after the last `@` of `bytes` (all of
    /// it if none), one trailing dot ignored: a listed domain matches when it is the whole
    /// domain or follows a dot in it.
    fn domain(&self, bytes: &[u8]) -> Mask {
        let start = bytes.iter().rposition(|&b| b == b'@').map_or(0, |at| at + 1);
        let domain = bytes.get(start..).unwrap_or_default();
        let domain = domain.strip_suffix(b".").unwrap_or(domain);
        let mut mask = 0;
        let len = domain.len();
        self.domains.walk(domain.iter().rev().copied(), |ends, read| {
            // `read` bytes from the end: the match starts at `len - read`.
            let before = len.checked_sub(read + 1).and_then(|at| domain.get(at));
            if before.is_none_or(|&b| b == b'.') {
                mask |= ends;
            }
        });
        mask
    }

    /// The word conditions that hold for `text`: each run of letters and digits is walked
    /// from its start, and a listed word matches when it ends where the run ends. ASCII is
    /// read a byte at a time; only a byte past it decodes its character, to ask whether
    /// it is a letter or a digit.
    fn words(&self, text: &str) -> Mask {
        let bytes = text.as_bytes();
        let mut mask = 0;
        // The node of the run read so far, `None` once no listed word continues it.
        let mut node = Some(ROOT);
        let mut in_word = false;
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            let (word, len) = if b.is_ascii() {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = text.get(at..).and_then(|rest| rest.chars().next());
                (c.is_some_and(char::is_alphanumeric), c.map_or(1, char::len_utf8))
            };
            if word {
                in_word = true;
                if let Some(n) = node {
                    node = bytes
                        .get(at..at + len)
                        .unwrap_or_default()
                        .iter()
                        .try_fold(n, |n, &b| self.words.step(n, b.to_ascii_lowercase()));
                }
            } else {
                if in_word && let Some(n) = node {
                    mask |= self.words.ends(n);
                }
                in_word = false;
                node = Some(ROOT);
            }
            at += len;
        }
        if in_word && let Some(n) = node {
            mask |= self.words.ends(n);
        }
        mask
    }
}

/// The root of every trie.
const ROOT: u32 = 0;

/// No node: the root table's entry for a byte no value starts with.
const NONE: u32 = u32::MAX;

/// A byte trie: node `i`'s edges are `edges[starts[i]..starts[i + 1]]`, sorted by byte,
/// and `ends[i]` holds the bits of the conditions whose value ends at node `i`. The root's
/// edges are also a table by byte, as every walk steps from it and most stop there.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Trie {
    /// The node each byte leads to from the root, or [`NONE`].
    root: Box<[u32; 256]>,
    starts: Box<[u32]>,
    edges: Box<[(u8, u32)]>,
    ends: Box<[Mask]>,
}

impl Default for Trie {
    fn default() -> Trie {
        Builder::default().build()
    }
}

impl Trie {
    /// Whether it holds no value: every value is at least a byte long (validation refuses
    /// an empty one), so a trie holds one exactly when its root has an edge.
    #[inline(always)]
    fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    /// The node reached from `node` by `byte`, if any.
    #[inline(always)]
    fn step(&self, node: u32, byte: u8) -> Option<u32> {
        if node == ROOT {
            let next = self.root[usize::from(byte)];
            return (next != NONE).then_some(next);
        }
        let from = *self.starts.get(node as usize)? as usize;
        let to = *self.starts.get(node as usize + 1)? as usize;
        let edges = self.edges.get(from..to)?;
        let at = edges.binary_search_by_key(&byte, |e| e.0).ok()?;
        edges.get(at).map(|e| e.1)
    }

    /// The bits of the conditions whose value ends at `node`.
    #[inline(always)]
    fn ends(&self, node: u32) -> Mask {
        self.ends.get(node as usize).copied().unwrap_or(0)
    }

    /// Walks `bytes` (lowercased) from the root, calling `found` with the bits of each node
    /// passed where a value ends and the number of bytes read to it, until no value
    /// continues the walk.
    #[inline]
    fn walk(&self, bytes: impl Iterator<Item = u8>, mut found: impl FnMut(Mask, usize)) {
        let mut node = ROOT;
        for (read, b) in (1..).zip(bytes) {
            match self.step(node, b.to_ascii_lowercase()) {
                Some(next) => node = next,
                None => return,
            }
            let ends = self.ends(node);
            if ends != 0 {
                found(ends, read);
            }
        }
    }
}

/// A trie under construction: each node's edges by byte.
#[derive(Debug)]
struct Builder {
    nodes: Vec<(BTreeMap<u8, u32>, Mask)>,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder {
            nodes: vec![(BTreeMap::new(), 0)],
        }
    }
}

impl Builder {
    /// Adds `value` (lowercased; reversed when `backwards`) as ending in the bits `bit`.
    fn insert(&mut self, value: &[u8], backwards: bool, bit: Mask) {
        let forwards = value.iter();
        let bytes: Box<dyn Iterator<Item = &u8>> = if backwards {
            Box::new(forwards.rev())
        } else {
            Box::new(forwards)
        };
        let mut node = ROOT as usize;
        for &b in bytes {
            let fresh = self.nodes.len() as u32;
            let next = match self.nodes.get_mut(node) {
                Some((edges, _)) => *edges.entry(b.to_ascii_lowercase()).or_insert(fresh),
                None => return,
            };
            if next == fresh {
                self.nodes.push((BTreeMap::new(), 0));
            }
            node = next as usize;
        }
        if let Some((_, ends)) = self.nodes.get_mut(node) {
            *ends |= bit;
        }
    }

    fn build(self) -> Trie {
        let mut starts = Vec::with_capacity(self.nodes.len() + 1);
        let mut edges = Vec::new();
        let mut ends = Vec::with_capacity(self.nodes.len());
        for (node_edges, node_ends) in self.nodes {
            starts.push(edges.len() as u32);
            edges.extend(node_edges);
            ends.push(node_ends);
        }
        starts.push(edges.len() as u32);
        let mut root = Box::new([NONE; 256]);
        for &(byte, next) in edges
            .get(..starts.get(1).map_or(0, |&end| end as usize))
            .unwrap_or_default()
        {
            root[usize::from(byte)] = next;
        }
        Trie {
            root,
            starts: starts.into_boxed_slice(),
            edges: edges.into_boxed_slice(),
            ends: ends.into_boxed_slice(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(conditions: &[(Kind, &[&str])]) -> Patterns {
        let owned: Vec<(Kind, Box<[Box<str>]>)> = conditions
            .iter()
            .map(|(k, vs)| (*k, vs.iter().map(|v| (*v).into()).collect()))
            .collect();
        Patterns::new(owned.iter().map(|(k, vs)| (*k, &**vs)))
    }

    #[test]
    fn words_match_whole_words_ignoring_ascii_case() {
        let p = patterns(&[(Kind::Word, &["student", "intern"]), (Kind::Word, &["ceo"])]);
        assert_eq!(p.mask("Working Student (m/w/d)"), 0b01);
        assert_eq!(p.mask("student-assistant"), 0b01);
        assert_eq!(p.mask("INTERN"), 0b01);
        assert_eq!(p.mask("Co-founder & CEO, intern"), 0b11);
        assert_eq!(p.mask("Students' union"), 0);
        assert_eq!(p.mask("studentship"), 0);
        assert_eq!(p.mask("internal audit"), 0);
        assert_eq!(p.mask("Étudiant"), 0);
        assert_eq!(p.mask(""), 0);
    }

    #[test]
    fn letters_of_any_script_join_a_word() {
        let p = patterns(&[(Kind::Word, &["student"])]);
        // `é` is a letter: "studenté" is one word, not "student" and "é".
        assert_eq!(p.mask("studenté"), 0);
        assert_eq!(p.mask("werkstudent student"), 1);
        let p = patterns(&[(Kind::Word, &["praktikant", "étudiant"])]);
        assert_eq!(p.mask("Étudiant"), 0, "only ASCII case is ignored");
        assert_eq!(p.mask("ÉTUDIANT étudiant"), 1);
        assert_eq!(p.mask("Praktikant/in"), 1);
    }

    #[test]
    fn prefixes_and_suffixes_match_the_ends_of_the_value() {
        let p = patterns(&[
            (Kind::Prefix, &["head of", "vp"]),
            (Kind::Suffix, &["assistant", "."]),
        ]);
        assert_eq!(p.mask("Head of Sales"), 0b01);
        assert_eq!(p.mask("VP"), 0b01);
        assert_eq!(p.mask("the head of sales"), 0);
        assert_eq!(p.mask("Sales Assistant"), 0b10);
        assert_eq!(p.mask("vp assistant"), 0b11);
        assert_eq!(p.mask("Assistant to the CEO"), 0);
        assert_eq!(p.mask("Inc."), 0b10);
    }

    #[test]
    fn domains_match_themselves_and_their_subdomains() {
        let p = patterns(&[(Kind::Domain, &["rival.example"]), (Kind::Domain, &["com"])]);
        assert_eq!(p.mask("rival.example"), 0b01);
        assert_eq!(p.mask("ada@Rival.Example"), 0b01);
        assert_eq!(p.mask("ada@eu.rival.example."), 0b01);
        assert_eq!(p.mask("ada@notrival.example"), 0);
        assert_eq!(p.mask("rival.example@other.example"), 0);
        assert_eq!(p.mask("a@b@mail.com"), 0b10);
        assert_eq!(p.mask("ada@"), 0);
        assert_eq!(p.mask("@"), 0);
        assert_eq!(p.mask("dotcom"), 0);
    }

    #[test]
    fn no_conditions_match_nothing() {
        let p = Patterns::default();
        assert!(p.is_empty());
        assert_eq!(p.mask("anything"), 0);
        assert!(!patterns(&[(Kind::Word, &["a"])]).is_empty());
    }
}
