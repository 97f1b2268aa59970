//! The nom error type of every parser, and the bridges between it and a grammar
//! [`Mismatch`] (an offset and what was expected there): shared by the rules in
//! [`super::address`] and by the parsers in `parse/`.

use nom::IResult;

use super::Mismatch;
use crate::error::DecodeErrorKind;

/// A parser error: where in the input it happened and why.
#[derive(Debug)]
pub(crate) struct PErr<'a> {
    pub rest: &'a [u8],
    pub kind: DecodeErrorKind,
}

impl<'a> nom::error::ContextError<&'a str> for PErr<'a> {
    /// `context("what", parser)` names what was expected where the parser failed.
    fn add_context(input: &'a str, ctx: &'static str, other: Self) -> Self {
        match other.kind {
            DecodeErrorKind::Syntax("valid syntax") => PErr {
                rest: input.as_bytes(),
                kind: DecodeErrorKind::Syntax(ctx),
            },
            _ => other,
        }
    }
}

impl<'a> nom::error::ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, _kind: nom::error::ErrorKind) -> Self {
        PErr {
            rest: input.as_bytes(),
            kind: DecodeErrorKind::Syntax("valid syntax"),
        }
    }
    fn append(_input: &'a str, _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// Parsers work on text already checked to be UTF-8 (once per line), scanning its
/// bytes and returning borrowed slices of it.
pub(crate) type PResult<'a, T> = IResult<&'a str, T, PErr<'a>>;

/// A grammar mismatch found by a [`crate::grammar`] scanner at `offset` of `input`,
/// as a failure that stops all alternatives.
pub(crate) fn mismatch<'a>(input: &'a str, (offset, what): Mismatch) -> nom::Err<PErr<'a>> {
    nom::Err::Failure(PErr {
        rest: input.as_bytes().get(offset..).unwrap_or_default(),
        kind: DecodeErrorKind::Syntax(what),
    })
}

/// A nom error on `input` as a [`super::Mismatch`]: its offset in `input`
/// and what was expected there.
pub(crate) fn to_mismatch(input: &str, err: nom::Err<PErr<'_>>) -> Mismatch {
    match err {
        nom::Err::Incomplete(_) => (input.len(), "more input"),
        nom::Err::Error(e) | nom::Err::Failure(e) => {
            let offset = input.len().saturating_sub(e.rest.len());
            let what = match e.kind {
                DecodeErrorKind::Syntax(what) => what,
                _ => "valid syntax",
            };
            (offset, what)
        }
    }
}

/// A failure that stops all alternatives.
pub(crate) fn fail<T>(rest: &str, kind: DecodeErrorKind) -> PResult<'_, T> {
    Err(nom::Err::Failure(PErr {
        rest: rest.as_bytes(),
        kind,
    }))
}

/// Splits `s` at byte `i`. Parsers only split after ASCII bytes, so this never fails
/// in practice; if it did, the input is refused rather than sliced mid-character.
pub(crate) fn split_at(s: &str, i: usize) -> Result<(&str, &str), nom::Err<PErr<'_>>> {
    s.split_at_checked(i).ok_or(nom::Err::Failure(PErr {
        rest: s.as_bytes(),
        kind: DecodeErrorKind::InvalidUtf8,
    }))
}
