//! The THREAD response (RFC 5256 §4 and §5): a recursive list, depth-limited.

use super::core::{byte, nz_number, sp, trailing_spaces};
use super::{Cx, PResult, expected, fail};
use crate::error::DecodeErrorKind;
use crate::types::{Data, Thread};

/// `thread-data = "THREAD" [SP 1*thread-list]`, after `"THREAD"`; spaces between
/// the threads are tolerated under `extra_spaces`.
pub(crate) fn thread_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Data<'a>> {
    let mut threads = Vec::new();
    let [b' ', b'(', ..] = i else {
        return Ok((i, Data::Thread(threads)));
    };
    let mut i = &i[1..];
    while i.first() == Some(&b'(') {
        let (r, t) = thread_list(i, cx)?;
        threads.push(t);
        i = r;
        let after = trailing_spaces(r, cx);
        if after.first() == Some(&b'(') {
            i = after;
        }
    }
    Ok((i, Data::Thread(threads)))
}

/// `thread-list = "(" (thread-members / thread-nested) ")"`;
/// `thread-members = nz-number *(SP nz-number) [SP thread-nested]`;
/// `thread-nested = 2*thread-list`. Each level counts against the depth limit.
///
/// A single nested list, as in `(1 (2))` or `((1))`, is not a `thread-nested`
/// (which takes two or more), so the strict grammar refuses it. It only says what a
/// chain says (`(1 2)`: 2 is the child of 1), and servers send it; under the
/// `nested_fetch_items` tolerance (a redundant pair of parentheses read as if it
/// were not there) it is accepted and joined to the chain by [`Thread::new`], so
/// the value re-encodes to the strict form.
fn thread_list<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Thread> {
    let start = i;
    let cx = cx.deeper(i)?;
    let (mut i, _) = byte(b'(', "thread-list")(i)?;
    let mut members = Vec::new();
    // true where a thread-nested may begin: at once, or after a member and SP
    let mut nested_ok = true;
    while i.first().is_some_and(u8::is_ascii_digit) {
        let (r, n) = nz_number(i, cx)?;
        members.push(n);
        nested_ok = r.first() == Some(&b' ');
        i = if nested_ok { sp(r, cx)?.0 } else { r };
        if nested_ok && !matches!(i.first(), Some(b'0'..=b'9' | b'(')) {
            // "(1 )": a space before ")" is a tolerance only
            if !(cx.lenient().extra_spaces && i.first() == Some(&b')')) {
                return expected(i, "nz-number or thread-list");
            }
        }
    }
    let mut children = Vec::new();
    if nested_ok {
        while i.first() == Some(&b'(') {
            let (r, t) = thread_list(i, cx)?;
            children.push(t);
            i = trailing_spaces(r, cx);
        }
    }
    let (i, _) = byte(b')', ")")(i)?;
    match (members.is_empty(), children.len()) {
        (_, 1) if cx.lenient().nested_fetch_items => match Thread::new(members, children) {
            Ok(t) => Ok((i, t)),
            Err(_) => fail(start, DecodeErrorKind::Syntax("nz-number or thread-list")),
        },
        (_, 1) => fail(
            start,
            DecodeErrorKind::Syntax("two or more thread-list in thread-nested"),
        ),
        (true, 0) => fail(start, DecodeErrorKind::Syntax("nz-number or thread-list")),
        _ => Ok((i, Thread::checked(members, children))),
    }
}
