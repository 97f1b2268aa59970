//! A fast path for the commands that dominate real traffic: `MAIL FROM:<...>` and
//! `RCPT TO:<...>` with a plain ASCII address and the common parameters (SIZE, BODY,
//! SMTPUTF8, RET, NOTIFY). It makes one forward pass over the line with short manual
//! loops (the tokens are too short for SIMD searches to pay off) and gives up (`None`)
//! on anything else, which the general parser then handles. For every line it accepts
//! it returns exactly what the general parser returns; a property test and a fuzz
//! target hold it to that.

use super::params::{body_value, notify, ret_value};
use super::{eq_fold, starts_with_fold};
use crate::grammar::{ATEXT, ByteClass, ESMTP_VALUE, LDH, digits, keyword_len};
use crate::types::{Command, ForwardPath, MailParams, Mailbox, RcptParams, ReversePath};

/// ASCII `atext` (a Dot-string's characters other than the dot).
const LOCAL_PLAIN: ByteClass = ascii_only(&ATEXT);
/// ASCII letters, digits and `-` (a domain's characters other than the dot).
const DOMAIN_PLAIN: ByteClass = ascii_only(&LDH);

const fn ascii_only(class: &ByteClass) -> ByteClass {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = class.0[i];
        i += 1;
    }
    ByteClass(t)
}

/// Tries the command line at the start of `input` (its end not yet found: the fast
/// path stops at the first byte it does not expect, which must be the `CRLF`). On
/// success `used` is the line's length, `CRLF` included, within the MAIL or RCPT
/// limit of `(mail, rcpt)`.
#[inline]
pub(crate) fn mail_or_rcpt<'a>(
    input: &'a [u8],
    (max_mail, max_rcpt): (usize, usize),
    used: &mut usize,
) -> Option<Command<'a>> {
    let ends_line =
        |end: usize, max: usize| input.get(end..end + 2) == Some(b"\r\n") && end + 2 <= max;
    if starts_with_fold(input, b"MAIL FROM:<") {
        let (from, next) = if input.get(11) == Some(&b'>') {
            (ReversePath::Null, 12)
        } else {
            let (m, next) = address(input, 11)?;
            (ReversePath::Mailbox(m), next)
        };
        // build the command in place and parse the parameters into it: no 200-byte move
        let mut cmd = Command::Mail {
            from,
            params: MailParams::default(),
        };
        let Command::Mail { params, .. } = &mut cmd else {
            return None;
        };
        let end = mail_params(input, next, params)?;
        if !ends_line(end, max_mail) {
            return None;
        }
        *used = end + 2;
        Some(cmd)
    } else if starts_with_fold(input, b"RCPT TO:<") {
        let (m, next) = address(input, 9)?;
        let mut cmd = Command::Rcpt {
            to: ForwardPath::Mailbox(m),
            params: RcptParams::default(),
        };
        let Command::Rcpt { params, .. } = &mut cmd else {
            return None;
        };
        let end = rcpt_params(input, next, params)?;
        if !ends_line(end, max_rcpt) {
            return None;
        }
        *used = end + 2;
        Some(cmd)
    } else {
        None
    }
}

/// The same for one line without its `CRLF` (for the agreement check).
#[cfg(any(test, fuzzing))]
fn whole_line(line: &[u8]) -> Option<Command<'_>> {
    let mut buf = line.to_vec();
    buf.extend_from_slice(b"\r\n");
    let mut used = 0;
    let cmd = mail_or_rcpt(&buf, (usize::MAX, usize::MAX), &mut used)?;
    (used == buf.len()).then(|| cmd.into_owned())
}

/// Scans dot-separated parts of `class` bytes from `i`, each non-empty (and, for
/// domains, not starting or ending with `-`), up to the byte `stop`; returns its index.
#[inline]
fn dotted(b: &[u8], mut i: usize, class: &ByteClass, stop: u8, labels: bool) -> Option<usize> {
    loop {
        let part = b.get(i..)?;
        let len = class.run(part);
        if len == 0 || (labels && (part[0] == b'-' || part[len - 1] == b'-')) {
            return None;
        }
        i += len;
        match *b.get(i)? {
            b'.' => i += 1,
            c if c == stop => return Some(i),
            _ => return None,
        }
    }
}

/// `Dot-string "@" Domain ">"` in ASCII from `start`; the mailbox and the index after `>`.
fn address(b: &[u8], start: usize) -> Option<(Mailbox<'_>, usize)> {
    let at = dotted(b, start, &LOCAL_PLAIN, b'@', false)?;
    let close = dotted(b, at + 1, &DOMAIN_PLAIN, b'>', true)?;
    // ASCII by now; one conversion of the line up to the '>'
    let text = std::str::from_utf8(&b[..close]).ok()?;
    let mailbox = Mailbox::from_parts_unchecked(text.get(start..at)?, text.get(at + 1..)?);
    Some((mailbox, close + 1))
}

/// `esmtp-value` bytes, ASCII only.
const VALUE: ByteClass = ascii_only(&ESMTP_VALUE);

/// One parameter: keyword, value, and the index after it.
type RawParam<'a> = (&'a [u8], Option<&'a [u8]>, usize);

/// The next ` KEYWORD[=value]` from `i`.
#[inline(always)]
fn param(line: &[u8], i: usize) -> Option<RawParam<'_>> {
    let rest = line.get(i..)?.strip_prefix(b" ")?;
    let k_len = keyword_len(rest);
    if k_len == 0 {
        return None;
    }
    let keyword = &rest[..k_len];
    let k_end = i + 1 + k_len;
    match rest.get(k_len) {
        Some(b' ' | b'\r') => Some((keyword, None, k_end)),
        Some(b'=') => {
            let v_len = VALUE.run(&rest[k_len + 1..]);
            let v_end = k_end + 1 + v_len;
            let after = rest.get(k_len + 1 + v_len);
            if v_len == 0 || !matches!(after, Some(b' ' | b'\r')) {
                return None;
            }
            Some((keyword, Some(&line[k_end + 1..v_end]), v_end))
        }
        _ => None,
    }
}

/// SIZE, BODY, SMTPUTF8 and RET; anything else goes to the general parser.
fn mail_params(line: &[u8], mut i: usize, p: &mut MailParams<'_>) -> Option<usize> {
    while *line.get(i)? != b'\r' {
        let (keyword, value, next) = param(line, i)?;
        match keyword.len() {
            4 if eq_fold(keyword, b"SIZE") && p.size.is_none() => {
                p.size = Some(digits(value?)?);
            }
            4 if eq_fold(keyword, b"BODY") && p.body.is_none() => {
                p.body = Some(body_value(value?)?);
            }
            8 if eq_fold(keyword, b"SMTPUTF8") && !p.smtputf8 && value.is_none() => {
                p.smtputf8 = true;
            }
            3 if eq_fold(keyword, b"RET") && p.ret.is_none() => {
                p.ret = Some(ret_value(value?)?);
            }
            _ => return None,
        }
        i = next;
    }
    Some(i)
}

/// NOTIFY; anything else goes to the general parser.
fn rcpt_params(line: &[u8], mut i: usize, p: &mut RcptParams<'_>) -> Option<usize> {
    while *line.get(i)? != b'\r' {
        let (keyword, value, next) = param(line, i)?;
        if !eq_fold(keyword, b"NOTIFY") || p.notify.is_some() {
            return None;
        }
        p.notify = Some(notify(value?)?);
        i = next;
    }
    Some(i)
}

/// True if the fast path either declines `line` (one line without `CRLF`) or returns
/// exactly what the general parser returns (with the strict options, so no tolerance
/// hides a difference). Public for the fuzz target only (`--cfg fuzzing`).
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub fn agrees_with_general_parser(line: &[u8]) -> bool {
    let Some(fast) = whole_line(line) else {
        return true;
    };
    let Ok(text) = std::str::from_utf8(line) else {
        return false;
    };
    let strict = super::CommandOptions::strict();
    matches!(super::command::command(text, &strict), Ok(("", general)) if general == fast)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9]{1,6}",
            Just(".".to_string()),
            Just("-".to_string()),
            Just("..".to_string()),
            Just("+".to_string()),
            Just("\"".to_string()),
            Just(" ".to_string()),
            Just("é".to_string()),
            Just("[1.2.3.4]".to_string()),
        ]
    }

    fn params() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just(" SIZE=100"),
                Just(" size=18446744073709551615"),
                Just(" SIZE=18446744073709551616"),
                Just(" SIZE=12a"),
                Just(" BODY=8bitmime"),
                Just(" BODY=7BIT"),
                Just(" BODY=BINARYMIME"),
                Just(" BODY=9BIT"),
                Just(" SMTPUTF8"),
                Just(" SMTPUTF8=x"),
                Just(" RET=HDRS"),
                Just(" NOTIFY=SUCCESS,FAILURE"),
                Just(" NOTIFY=NEVER"),
                Just(" NOTIFY=NEVER,DELAY"),
                Just(" NOTIFY=delay,delay"),
                Just(" X-Y=1"),
                Just(" -X"),
                Just("  "),
                Just(" ="),
            ],
            0..4,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn fast_path_matches_general_parser(
            verb in prop_oneof![Just("MAIL FROM:<"), Just("mail from:<"), Just("RCPT TO:<"), Just("rcpt To:<")],
            local in proptest::collection::vec(piece(), 0..4),
            domain in proptest::collection::vec(piece(), 0..4),
            close in prop_oneof![Just(">"), Just(""), Just(">>")],
            params in params(),
        ) {
            let line = format!("{verb}{}@{}{close}{params}", local.concat(), domain.concat());
            prop_assert!(agrees_with_general_parser(line.as_bytes()), "{line:?}");
            let null = format!("{verb}>{params}");
            prop_assert!(agrees_with_general_parser(null.as_bytes()), "{null:?}");
        }
    }

    #[test]
    fn fast_path_takes_the_common_lines() {
        for line in [
            &b"MAIL FROM:<sender.name@example.com> SIZE=1048576 BODY=8BITMIME"[..],
            b"RCPT TO:<recipient@example.org> NOTIFY=SUCCESS,FAILURE",
            b"MAIL FROM:<>",
        ] {
            assert!(whole_line(line).is_some());
            assert!(agrees_with_general_parser(line));
        }
        for line in [
            &b"MAIL FROM:<a@-b.c>"[..],
            b"MAIL FROM:<a..b@c>",
            b"RCPT TO:<a@b.>",
        ] {
            assert!(whole_line(line).is_none());
        }
    }
}
