//! The fast paths agree with the general parser on every line they take, including
//! letter-case variants and malformed near-misses.

use super::{agrees_with_general_parser, whole_line};
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
            Just(" ENVID=QQ314159"),
            Just(" envid=a+2Bb"),
            Just(" ENVID=a+2b"),
            Just(" ENVID=a+"),
            Just(" ENVID=a;b/c"),
            Just(" ENVID=+C3+A9"),
            Just(" ENVID=+FF"),
            Just(" ENVID=0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"),
            Just(" ENVID=0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789x"),
            Just(" NOTIFY=SUCCESS,FAILURE"),
            Just(" NOTIFY=NEVER"),
            Just(" NOTIFY=NEVER,DELAY"),
            Just(" NOTIFY=delay,delay"),
            Just(" ORCPT=rfc822;a@b.c"),
            Just(" orcpt=RFC822;a+2Bx@b.c"),
            Just(" ORCPT=rfc822;a+2x@b"),
            Just(" ORCPT=rfc822;"),
            Just(" ORCPT=rfc822"),
            Just(" ORCPT=;a@b"),
            Just(" ORCPT=rfc-822;a;b"),
            Just(" ORCPT=-x;a"),
            Just(" ORCPT=utf-8;+E2+82+AC"),
            Just(" X-Y=1"),
            Just(" -X"),
            Just("  "),
            Just(" ="),
        ],
        0..4,
    )
    .prop_map(|v| v.concat())
}

/// Randomly upper- or lower-cases each ASCII letter of `s`.
fn case_variant(s: &str, mask: u64) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if mask >> (i % 64) & 1 == 1 {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn mail_and_rcpt_match_general_parser(
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

    #[test]
    fn short_verbs_match_general_parser(
        verb in prop_oneof![
            Just("DATA"), Just("RSET"), Just("QUIT"), Just("NOOP"), Just("HELP"),
            Just("VRFY"), Just("EXPN"), Just("BDAT"), Just("EHLO"), Just("HELO"),
            Just("LHLO"), Just("AUTH"), Just("STARTTLS"), Just("STAR"), Just("DAT"),
            Just("DATAX"), Just("D@TA"), Just("DaTa"), Just("MAIL"), Just("RCPT"),
        ],
        mask in any::<u64>(),
        sep in prop_oneof![Just(""), Just(" "), Just("  "), Just("\t"), Just("\r"), Just("\0")],
        arg in proptest::collection::vec(
            prop_oneof![
                "[a-zA-Z0-9]{1,8}",
                "[0-9]{1,22}",
                Just(".".to_string()),
                Just("-".to_string()),
                Just(" ".to_string()),
                Just("\t".to_string()),
                Just("=".to_string()),
                Just("+/".to_string()),
                Just(" LAST".to_string()),
                Just(" last".to_string()),
                Just("PLAIN".to_string()),
                Just("login".to_string()),
                Just("XOAuth2".to_string()),
                Just("CRAM-MD5".to_string()),
                Just("[192.0.2.1]".to_string()),
                Just("[".to_string()),
                Just("]".to_string()),
                Just("[0.0.0.0]".to_string()),
                Just("[255.255.255.255]".to_string()),
                Just("[1.02.3.4]".to_string()),
                Just("[1.2.3.256]".to_string()),
                Just("[1.2.3.4.5]".to_string()),
                Just("[IPv6:2001:db8::1]".to_string()),
                Just("é".to_string()),
                Just("\u{7f}".to_string()),
                Just("_".to_string()),
            ],
            0..5,
        ),
    ) {
        let line = format!("{}{sep}{}", case_variant(verb, mask), arg.concat());
        prop_assert!(agrees_with_general_parser(line.as_bytes()), "{line:?}");
    }
}

#[test]
fn fast_path_takes_the_common_lines() {
    for line in [
        &b"MAIL FROM:<sender.name@example.com> SIZE=1048576 BODY=8BITMIME"[..],
        b"RCPT TO:<recipient@example.org> NOTIFY=SUCCESS,FAILURE",
        b"MAIL FROM:<>",
        b"MAIL FROM:<> RET=HDRS ENVID=QQ314159",
        b"MAIL FROM:<a@b> ENVID=a+2Bb",
        b"RCPT TO:<a+b@example.org> ORCPT=rfc822;a+2Bb@example.org",
        b"RCPT TO:<a@example.org> NOTIFY=NEVER ORCPT=rfc822;a@example.org",
        b"DATA",
        b"quit",
        b"Rset",
        b"NOOP",
        b"NOOP hello there",
        b"HELP",
        b"HELP MAIL",
        b"VRFY smith",
        b"STARTTLS",
        b"BDAT 1000",
        b"BDAT 0 LAST",
        b"bdat 12 last",
        b"EHLO mail-wr1-f54.google.com",
        b"HELO relay2.university.edu",
        b"LHLO x",
        b"EHLO [192.0.2.1]",
        b"helo [255.255.255.255]",
        b"AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm",
        b"AUTH LOGIN",
        b"auth xoauth2 dXNlcj1=",
    ] {
        assert!(
            whole_line(line).is_some(),
            "{:?}",
            String::from_utf8_lossy(line)
        );
        assert!(agrees_with_general_parser(line));
    }
    for line in [
        &b"MAIL FROM:<a@-b.c>"[..],
        b"MAIL FROM:<a..b@c>",
        b"RCPT TO:<a@b.>",
        b"RCPT TO:<a@b> ORCPT=rfc822;",
        b"MAIL FROM:<a@b> ENVID=a+2",
        b"DATA x",
        b"DATA ",
        b"NOOP ",
        b"VRFY",
        b"BDAT",
        b"BDAT 123456789012345678901",
        b"BDAT 1 LASTX",
        b"EHLO [192.0.2.1",
        b"EHLO [01.2.3.4]",
        b"EHLO [256.0.0.1]",
        b"EHLO [1.2.3]",
        b"EHLO [1.2.3.4] x",
        b"EHLO [IPv6:::1]",
        b"EHLO a.",
        b"EHLO a_b",
        b"AUTH CRAM-MD5",
        b"AUTH PLAIN ",
        b"AUTH PLAINX",
        b"STARTTLSX",
    ] {
        assert!(
            whole_line(line).is_none(),
            "{:?}",
            String::from_utf8_lossy(line)
        );
        assert!(agrees_with_general_parser(line));
    }
}
