//! The STAT, LIST and UIDL listings (RFC 1939 §§5, 7).

use super::{PResult, expected, message_number, number, run, sp, word};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::{ScanListing, Stat, Text, UniqueId, UniqueIdListing};

/// The text of a `+OK` STAT response: `drop-listing = count SP size [SP text]`
/// (RFC 1939 §5: "no requirement on what follows the maildrop size").
pub fn parse_stat(text: &Text<'_>) -> Result<Stat, DecodeError> {
    let line = text.as_str();
    run(line, line.as_bytes(), 0, |l| {
        let (rest, count) = number(l)?;
        let (rest, ()) = sp(rest)?;
        let (rest, size) = number(rest)?;
        Ok((trailing(rest)?, Stat { count, size }))
    })
}

/// The text of a `+OK` response to `LIST msg`: `scan-listing = msg SP size [SP
/// text]` (RFC 1939 §5).
pub fn parse_scan_listing(text: &Text<'_>) -> Result<ScanListing, DecodeError> {
    let line = text.as_str();
    run(line, line.as_bytes(), 0, scan_listing)
}

/// The text of a `+OK` response to `UIDL msg`: `unique-id-listing = msg SP
/// unique-id` (RFC 1939 §7).
pub fn parse_unique_id_listing<'a>(
    text: &Text<'a>,
) -> Result<UniqueIdListing<'static>, DecodeError> {
    let line = text.as_str();
    run(line, line.as_bytes(), 0, unique_id_listing).map(UniqueIdListing::into_owned)
}

/// Room for one entry per line of `body`: the listing is one allocation, not one
/// per doubling (a memchr count of `LF` is cheap beside parsing the lines).
fn with_room_per_line<T>(body: &[u8]) -> Vec<T> {
    Vec::with_capacity(memchr::memchr_iter(b'\n', body).count())
}

/// The body of a multi-line LIST response: one `scan-listing` per line (RFC 1939
/// §5), message numbers strictly increasing (a gap is a deleted message). One
/// allocation, the vector.
pub fn parse_scan_listings(body: &[u8]) -> Result<Vec<ScanListing>, DecodeError> {
    let mut out: Vec<ScanListing> = with_room_per_line(body);
    for item in body_lines(body) {
        let (base, line) = item?;
        let entry = run(line, body, base, scan_listing)?;
        check_order(out.last().map(|e| e.msg.get()), entry.msg.get(), body, base)?;
        out.push(entry);
    }
    Ok(out)
}

/// The body of a multi-line UIDL response: one `unique-id-listing` per line (RFC
/// 1939 §7), message numbers strictly increasing. One allocation, the vector: the
/// unique ids borrow from `body`.
pub fn parse_unique_id_listings(body: &[u8]) -> Result<Vec<UniqueIdListing<'_>>, DecodeError> {
    let mut out: Vec<UniqueIdListing<'_>> = with_room_per_line(body);
    for item in body_lines(body) {
        let (base, line) = item?;
        let entry = run(line, body, base, unique_id_listing)?;
        check_order(out.last().map(|e| e.msg.get()), entry.msg.get(), body, base)?;
        out.push(entry);
    }
    Ok(out)
}

fn check_order(last: Option<u32>, next: u32, body: &[u8], base: usize) -> Result<(), DecodeError> {
    match last {
        Some(last) if last >= next => Err(DecodeError::new(
            DecodeErrorKind::Syntax("message numbers in increasing order"),
            body,
            base,
        )),
        _ => Ok(()),
    }
}

/// `scan-listing = msg SP size [SP text]` (RFC 1939 §5).
pub(crate) fn scan_listing(line: &str) -> PResult<'_, ScanListing> {
    let (rest, msg) = message_number(line)?;
    let (rest, ()) = sp(rest)?;
    let (rest, size) = number(rest)?;
    Ok((trailing(rest)?, ScanListing { msg, size }))
}

/// `unique-id-listing = msg SP unique-id`, `unique-id = 1*70 (%x21-7E)` (RFC 1939 §7).
pub(crate) fn unique_id_listing(line: &str) -> PResult<'_, UniqueIdListing<'_>> {
    let (rest, msg) = message_number(line)?;
    let (rest, ()) = sp(rest)?;
    let (after, id) = word(rest)?;
    match UniqueId::new(id) {
        Ok(uid) => Ok((after, UniqueIdListing { msg, uid })),
        Err(_) => expected(rest, "a unique-id of 1 to 70 characters 0x21-0x7E"),
    }
}

/// `[SP text]` after a listing: whatever follows a space is ignored.
fn trailing(rest: &str) -> Result<&str, nom::Err<super::PErr<'_>>> {
    if rest.is_empty() || rest.starts_with(' ') {
        Ok("")
    } else {
        expected::<()>(rest, "a space or the end of the line").map(|_| "")
    }
}

/// The lines of an unstuffed body, each with its offset, without their `CRLF`; a
/// bare `CR` or a line that is not UTF-8 is an error.
pub(crate) fn body_lines(
    body: &[u8],
) -> impl Iterator<Item = Result<(usize, &str), DecodeError>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= body.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &body[start..]).map_or(body.len(), |i| start + i);
        let line_start = start;
        start = end + 1;
        Some(body_line(body, line_start, end))
    })
}

/// The line of `body` from `start` to the `LF` at `end`, without its `CR`.
fn body_line(body: &[u8], start: usize, end: usize) -> Result<(usize, &str), DecodeError> {
    let mut line = &body[start..end];
    if let Some(stripped) = line.strip_suffix(b"\r") {
        line = stripped;
    }
    if let Some(cr) = memchr::memchr(b'\r', line) {
        return Err(DecodeError::new(
            DecodeErrorKind::BareLineEnding,
            body,
            start + cr,
        ));
    }
    let text = std::str::from_utf8(line).map_err(|e| {
        DecodeError::new(DecodeErrorKind::InvalidUtf8, body, start + e.valid_up_to())
    })?;
    Ok((start, text))
}
