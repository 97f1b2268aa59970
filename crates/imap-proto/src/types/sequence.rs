//! Sequence sets: `sequence-set = (seq-number / seq-range) ["," sequence-set]`,
//! `sequence-set =/ seq-last-command` (RFC 9051 §9, RFC 5182 `$`).

use std::num::NonZeroU32;

use crate::error::ValueError;

/// `seq-number = nz-number / "*"`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeqNumber {
    /// A message sequence number or UID.
    Value(NonZeroU32),
    /// `*`: the largest number in use.
    Last,
}

impl SeqNumber {
    /// A number, `None` for 0.
    pub fn new(n: u32) -> Option<Self> {
        NonZeroU32::new(n).map(SeqNumber::Value)
    }
}

/// One element of a sequence set: a number or `seq-range = seq-number ":" seq-number`.
/// A range keeps the order it was written in (`4:2` is the same set as `2:4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeqItem {
    /// A single number.
    Single(SeqNumber),
    /// An inclusive range, in either order.
    Range(SeqNumber, SeqNumber),
}

impl SeqItem {
    /// True if `n` is in this item, `largest` being the value of `*`.
    pub fn contains(&self, n: u32, largest: u32) -> bool {
        let v = |s: SeqNumber| match s {
            SeqNumber::Value(v) => v.get(),
            SeqNumber::Last => largest,
        };
        match *self {
            SeqItem::Single(s) => v(s) == n,
            SeqItem::Range(a, b) => {
                let (lo, hi) = (v(a).min(v(b)), v(a).max(v(b)));
                (lo..=hi).contains(&n)
            }
        }
    }
}

/// A non-empty sequence set, or `$` (the saved SEARCH result, RFC 5182).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SequenceSet(Inner);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Inner {
    Items(Vec<SeqItem>),
    SearchResult,
}

impl SequenceSet {
    /// A set of the given items; refused if empty.
    pub fn new(items: Vec<SeqItem>) -> Result<Self, ValueError> {
        if items.is_empty() {
            Err(ValueError::new("sequence set", "is empty"))
        } else {
            Ok(SequenceSet(Inner::Items(items)))
        }
    }

    /// `$`: the result saved by `SEARCH RETURN (SAVE)`.
    pub fn search_result() -> Self {
        SequenceSet(Inner::SearchResult)
    }

    /// One number.
    pub fn single(n: NonZeroU32) -> Self {
        SequenceSet(Inner::Items(vec![SeqItem::Single(SeqNumber::Value(n))]))
    }

    /// One range.
    pub fn range(from: SeqNumber, to: SeqNumber) -> Self {
        SequenceSet(Inner::Items(vec![SeqItem::Range(from, to)]))
    }

    /// `1:*`, every message.
    pub fn all() -> Self {
        SequenceSet::range(SeqNumber::Value(NonZeroU32::MIN), SeqNumber::Last)
    }

    /// The items; empty for `$`.
    pub fn items(&self) -> &[SeqItem] {
        match &self.0 {
            Inner::Items(v) => v,
            Inner::SearchResult => &[],
        }
    }

    /// True for `$`.
    pub fn is_search_result(&self) -> bool {
        self.0 == Inner::SearchResult
    }

    /// True if `n` is in the set, `largest` being the value of `*`. Always false for `$`.
    pub fn contains(&self, n: u32, largest: u32) -> bool {
        self.items().iter().any(|i| i.contains(n, largest))
    }

    /// True if no item uses `*` (a `uid-set` of COPYUID and APPENDUID).
    pub fn is_uid_set(&self) -> bool {
        !self.is_search_result()
            && self.items().iter().all(|i| match i {
                SeqItem::Single(s) => *s != SeqNumber::Last,
                SeqItem::Range(a, b) => *a != SeqNumber::Last && *b != SeqNumber::Last,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_in_either_order() {
        let n = |v| SeqNumber::new(v).unwrap();
        let s = SequenceSet::range(n(4), n(2));
        assert!(s.contains(3, 10) && !s.contains(5, 10));
        assert!(SequenceSet::all().contains(7, 7));
        assert!(SequenceSet::new(vec![]).is_err());
        assert!(SequenceSet::search_result().is_search_result());
        assert!(!SequenceSet::all().is_uid_set());
    }
}
