//! Dot-stuffing and unstuffing: smuggling look-alikes, splits at every point, round trips.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::BytesMut;
use mail_proto_core::dot::{BareLineEndings, DotStuffer, DotUnstuffer, Unstuffed};
use proptest::prelude::*;

/// Feeds `wire` in the given pieces; returns the body and where the body ended.
fn unstuff(policy: BareLineEndings, pieces: &[&[u8]]) -> (Vec<u8>, Option<(usize, Option<u64>)>) {
    let mut u = DotUnstuffer::new(policy);
    let mut body = Vec::new();
    let mut total = 0;
    for piece in pieces {
        match u.decode_into(piece, &mut body) {
            Unstuffed::NeedMore => total += piece.len(),
            Unstuffed::End {
                consumed,
                bare_line_ending,
            } => return (body, Some((total + consumed, bare_line_ending))),
        }
    }
    (body, None)
}

fn whole(policy: BareLineEndings, wire: &[u8]) -> (Vec<u8>, Option<(usize, Option<u64>)>) {
    unstuff(policy, &[wire])
}

#[test]
fn only_crlf_dot_crlf_ends_the_body() {
    let wire = b"line one\r\n..dot\r\n.\r\nMAIL FROM:<x>\r\n";
    let (body, end) = whole(BareLineEndings::Keep, wire);
    assert_eq!(body, b"line one\r\n.dot\r\n");
    assert_eq!(end, Some((20, None)));
}

#[test]
fn empty_body_and_body_start_is_a_line_start() {
    assert_eq!(
        whole(BareLineEndings::Keep, b".\r\n"),
        (vec![], Some((3, None)))
    );
    assert_eq!(
        whole(BareLineEndings::Keep, b"..x\r\n.\r\n").0,
        b".x\r\n".to_vec()
    );
}

/// The look-alikes of RFC 5321 end-of-data built with bare CR or LF. None may end a
/// body, under any policy; the bytes are kept, normalised or flagged, never dropped.
const LOOK_ALIKES: &[&[u8]] = &[
    b"\n.\n",
    b"\r.\r",
    b"\n.\r\n",
    b"\r\n.\n",
    b"\r\n.\r\r\n",
    b"\r.\r\n",
    b"\n.\r",
    b"\r\n.\r",
    b"\r\n.\n\r\n",
    b"\r\r\n.\r\r\n",
];

#[test]
fn look_alikes_never_end_the_body() {
    for la in LOOK_ALIKES {
        let mut wire = b"Subject: x\r\n\r\nbody".to_vec();
        wire.extend_from_slice(la);
        wire.extend_from_slice(b"MAIL FROM:<evil@example.com>\r\nRCPT TO:<v@example.com>\r\n");
        wire.extend_from_slice(b"DATA\r\n");
        let real_end = wire.len() + 5;
        wire.extend_from_slice(b"\r\n.\r\nQUIT\r\n");
        for policy in [
            BareLineEndings::Keep,
            BareLineEndings::Normalize,
            BareLineEndings::Reject,
        ] {
            let (body, end) = whole(policy, &wire);
            let (consumed, bare) = end.unwrap();
            assert_eq!(consumed, real_end, "{la:?} {policy:?}");
            assert!(
                body.windows(4).any(|w| w == b"MAIL"),
                "smuggled command must stay in the body: {la:?}"
            );
            match policy {
                BareLineEndings::Keep => {
                    // every byte is kept; only the unstuffed dot after a real CRLF goes
                    let mut expected = b"Subject: x\r\n\r\nbody".to_vec();
                    let mut la_kept = la.to_vec();
                    if la.starts_with(b"\r\n.") {
                        la_kept.remove(2);
                    } else if la.starts_with(b"\r\r\n.") {
                        la_kept.remove(3);
                    }
                    expected.extend_from_slice(&la_kept);
                    assert!(body.starts_with(&expected), "{la:?}: {body:?}");
                }
                BareLineEndings::Normalize => {
                    for (i, &b) in body.iter().enumerate() {
                        if b == b'\n' {
                            assert_eq!(body[i - 1], b'\r', "{la:?} at {i}");
                        }
                        if b == b'\r' {
                            assert_eq!(body[i + 1], b'\n', "{la:?} at {i}");
                        }
                    }
                    assert!(bare.is_none());
                }
                BareLineEndings::Reject => {
                    let at = bare.expect("rejected") as usize;
                    assert!(at >= 18 && at < 18 + la.len(), "{la:?}: offset {at}");
                    assert!(wire[at] == b'\r' || wire[at] == b'\n');
                }
                other => panic!("a policy this test does not know: {other:?}"),
            }
        }
    }
}

#[test]
fn terminator_split_across_any_two_reads() {
    let wire = b"a\r\n..b\r\n.c\r\n.\r\nrest";
    let (expected, end) = whole(BareLineEndings::Keep, wire);
    assert_eq!(expected, b"a\r\n.b\r\nc\r\n");
    assert_eq!(end.unwrap().0, wire.len() - 4);
    for i in 0..=wire.len() {
        for j in i..=wire.len() {
            let got = unstuff(
                BareLineEndings::Keep,
                &[&wire[..i], &wire[i..j], &wire[j..]],
            );
            assert_eq!(got, (expected.clone(), end), "split at {i},{j}");
        }
    }
}

#[test]
fn one_byte_feeds_match_whole_feeds_for_look_alikes() {
    for la in LOOK_ALIKES {
        let mut wire = b"x".to_vec();
        wire.extend_from_slice(la);
        wire.extend_from_slice(b"y\r\n.\r\n");
        for policy in [
            BareLineEndings::Keep,
            BareLineEndings::Normalize,
            BareLineEndings::Reject,
        ] {
            let pieces: Vec<&[u8]> = wire.chunks(1).collect();
            assert_eq!(
                unstuff(policy, &pieces),
                whole(policy, &wire),
                "{la:?} {policy:?}"
            );
        }
    }
}

#[test]
fn stuffer_doubles_dots_after_every_kind_of_line_break() {
    let mut out = BytesMut::new();
    let mut s = DotStuffer::new();
    s.encode(b".a\r\n.b\n.c\r.d", &mut out);
    s.finish(&mut out);
    assert_eq!(&out[..], b"..a\r\n..b\n..c\r..d\r\n.\r\n");

    let mut out = BytesMut::new();
    let mut s = DotStuffer::normalizing();
    s.encode(b".a\n.b\r.c\r", &mut out);
    s.encode(b"\n", &mut out);
    s.encode(b"x\r", &mut out);
    s.finish(&mut out);
    assert_eq!(&out[..], b"..a\r\n..b\r\n..c\r\nx\r\n.\r\n");
}

#[test]
fn stuffer_terminator_forms() {
    let cases: &[(&[&[u8]], &[u8])] = &[
        (&[], b".\r\n"),
        (&[b"a\r\n"], b"a\r\n.\r\n"),
        (&[b"a\r", b"\n"], b"a\r\n.\r\n"),
        (&[b"a"], b"a\r\n.\r\n"),
        (&[b"a\n"], b"a\n\r\n.\r\n"),
        (&[b"\r\n"], b"\r\n.\r\n"),
        (&[b"."], b"..\r\n.\r\n"),
    ];
    for (pieces, expected) in cases {
        let mut out = BytesMut::new();
        let mut s = DotStuffer::new();
        for p in *pieces {
            s.encode(p, &mut out);
        }
        s.finish(&mut out);
        assert_eq!(&out[..], *expected, "{pieces:?}");
        // what the stuffer wrote ends exactly at its terminator
        let (_, end) = whole(BareLineEndings::Keep, &out);
        assert_eq!(end.unwrap().0, out.len());
    }
}

proptest! {
    /// A CRLF-only body survives stuffing and unstuffing exactly, in any chunking.
    #[test]
    fn crlf_bodies_round_trip(
        lines in proptest::collection::vec("[.a-z \r\n]{0,12}", 0..8),
        cut in 0usize..64,
    ) {
        let mut body = Vec::new();
        for l in &lines {
            let clean: Vec<u8> = l.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
            body.extend_from_slice(&clean);
            body.extend_from_slice(b"\r\n");
        }
        let mut wire = BytesMut::new();
        let mut s = DotStuffer::new();
        let split = cut.min(body.len());
        s.encode(&body[..split], &mut wire);
        s.encode(&body[split..], &mut wire);
        s.finish(&mut wire);
        let wcut = cut.min(wire.len());
        let (got, end) = unstuff(BareLineEndings::Keep, &[&wire[..wcut], &wire[wcut..]]);
        prop_assert_eq!(got, body);
        prop_assert_eq!(end, Some((wire.len(), None)));
    }

    /// Arbitrary bytes (bare CR and LF included) never end early, never hang past
    /// the real terminator, and normalised output holds no bare CR or LF.
    #[test]
    fn arbitrary_bodies_end_exactly_where_the_stuffer_put_the_end(
        body in proptest::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'.'), Just(b'a')], 0..40),
        normalize in any::<bool>(),
    ) {
        let mut wire = BytesMut::new();
        let mut s = if normalize { DotStuffer::normalizing() } else { DotStuffer::new() };
        s.encode(&body, &mut wire);
        s.finish(&mut wire);
        for policy in [BareLineEndings::Keep, BareLineEndings::Normalize, BareLineEndings::Reject] {
            let pieces: Vec<&[u8]> = wire.chunks(3).collect();
            let (got, end) = unstuff(policy, &pieces);
            prop_assert_eq!(end.map(|e| e.0), Some(wire.len()));
            if policy != BareLineEndings::Normalize {
                prop_assert!(got.len() < wire.len());
            }
            if policy == BareLineEndings::Normalize {
                for (i, &b) in got.iter().enumerate() {
                    if b == b'\n' { prop_assert!(i > 0 && got[i - 1] == b'\r'); }
                }
            }
        }
    }
}

#[test]
fn long_lines_are_found_in_any_chunking() {
    let mut wire = b"short\r\n".to_vec();
    wire.extend(std::iter::repeat_n(b'a', 999));
    wire.extend_from_slice(b"\r\nok\r\n.\r\n");
    for step in [1, 7, 1000, wire.len()] {
        let mut u = DotUnstuffer::new(BareLineEndings::Keep).with_max_line_len(1000);
        let mut body = Vec::new();
        for chunk in wire.chunks(step) {
            if let Unstuffed::End { .. } = u.decode_into(chunk, &mut body) {
                break;
            }
        }
        assert_eq!(u.long_line(), Some(7), "step {step}");
    }
    // exactly 1000 bytes with CRLF is allowed
    let mut ok = vec![b'a'; 998];
    ok.extend_from_slice(b"\r\n.\r\n");
    let mut u = DotUnstuffer::new(BareLineEndings::Keep).with_max_line_len(1000);
    assert!(matches!(
        u.decode_into(&ok, &mut Vec::new()),
        Unstuffed::End { .. }
    ));
    assert_eq!(u.long_line(), None);
}

/// Python's smtplib sends a legal 998-octet text line that starts with `.` as 999
/// octets plus CRLF: the transparency dot does not count (RFC 5321 §4.5.3.1.6).
#[test]
fn the_stuffed_dot_does_not_count_toward_the_line_limit() {
    let check = |text_len: usize, step: usize| {
        let mut text = vec![b'.'];
        text.extend(std::iter::repeat_n(b'x', text_len - 1));
        text.extend_from_slice(b"\r\n");
        let mut wire = BytesMut::new();
        let mut stuffer = DotStuffer::new();
        stuffer.encode(b"first\r\n", &mut wire);
        stuffer.encode(&text, &mut wire);
        stuffer.finish(&mut wire);
        let mut u = DotUnstuffer::new(BareLineEndings::Keep).with_max_line_len(1000);
        let mut body = Vec::new();
        for chunk in wire.chunks(step) {
            if let Unstuffed::End { .. } = u.decode_into(chunk, &mut body) {
                break;
            }
        }
        assert_eq!(&body[7..], &text[..], "body survives");
        u.long_line()
    };
    for step in [1, 2, 7, 999, 1000, 1001, 5000] {
        assert_eq!(check(998, step), None, "998 octets fit, step {step}");
        assert_eq!(check(999, step), Some(7), "999 octets do not, step {step}");
    }
}

#[test]
fn normalizer_fixes_line_endings_without_stuffing() {
    for step in 1..12 {
        let input = b".a\nb\r\r\n.c\rd\r";
        let mut n = DotStuffer::normalizer();
        let mut out = BytesMut::new();
        for chunk in input.chunks(step) {
            n.encode(chunk, &mut out);
        }
        n.finish(&mut out);
        assert_eq!(&out[..], b".a\r\nb\r\n\r\n.c\r\nd\r\n", "step {step}");
    }
    let mut n = DotStuffer::normalizer();
    let mut out = BytesMut::new();
    n.encode(b"no line end", &mut out);
    n.finish(&mut out);
    assert_eq!(&out[..], b"no line end", "no terminator, no CRLF added");
}

/// No limit value panics: `usize::MAX` plus the stuffed dot saturates.
#[test]
fn the_largest_line_limit_does_not_overflow() {
    let mut u = DotUnstuffer::new(BareLineEndings::Keep).with_max_line_len(usize::MAX);
    let mut body = Vec::new();
    for piece in [&b"..a\r\n.."[..], b"b", b"\r\n.\r\n"] {
        let _ = u.decode_into(piece, &mut body);
    }
    assert_eq!(body, b".a\r\n.b\r\n");
    assert_eq!(u.long_line(), None);
}

/// G9: a CRLF-only stuffer stuffs exactly where a `Keep` unstuffer unstuffs, so any
/// body (bare CR and LF included) comes back byte for byte, plus the CRLF that the
/// terminator needs when the body does not end with one.
#[test]
fn crlf_only_stuffing_leaves_a_dot_after_a_bare_lf_single() {
    let mut out = BytesMut::new();
    let mut s = DotStuffer::crlf_lines();
    s.encode(b".a\r\n.b\n.c\r.d\r", &mut out);
    s.encode(b"\n.e\r", &mut out);
    s.encode(b".f", &mut out);
    s.finish(&mut out);
    assert_eq!(&out[..], b"..a\r\n..b\n.c\r.d\r\n..e\r.f\r\n.\r\n");
    let (body, end) = whole(BareLineEndings::Keep, &out);
    assert_eq!(body, b".a\r\n.b\n.c\r.d\r\n.e\r.f\r\n");
    assert_eq!(end, Some((out.len(), None)));
    // ready for the next body, same mode
    let mut out = BytesMut::new();
    s.encode(b"x\n.y\n", &mut out);
    s.finish(&mut out);
    assert_eq!(&out[..], b"x\n.y\n\r\n.\r\n");
}

proptest! {
    #[test]
    fn crlf_only_bodies_survive_a_keep_receiver(
        body in proptest::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'.'), Just(b'a')], 0..40),
        cut in 0usize..40,
    ) {
        let mut wire = BytesMut::new();
        let mut s = DotStuffer::crlf_lines();
        let cut = cut.min(body.len());
        s.encode(&body[..cut], &mut wire);
        s.encode(&body[cut..], &mut wire);
        s.finish(&mut wire);
        let pieces: Vec<&[u8]> = wire.chunks(3).collect();
        let (got, end) = unstuff(BareLineEndings::Keep, &pieces);
        prop_assert_eq!(end.map(|e| e.0), Some(wire.len()));
        let mut expected = body.clone();
        if !expected.is_empty() && !expected.ends_with(b"\r\n") {
            expected.extend_from_slice(b"\r\n");
        }
        prop_assert_eq!(got, expected);
    }
}
