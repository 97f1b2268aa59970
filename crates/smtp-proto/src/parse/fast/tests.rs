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
        Just("[01.2.3.4]".to_string()),
        Just("[IPv6:1:2:3:4:5:6:7:8]".to_string()),
        Just("[IPv6:2001:db8::1]".to_string()),
        Just("[IPv6:1:2:3:4:5:6:1.2.3.4]".to_string()),
        Just("[IPv6:::ffff:1.2.3.4]".to_string()),
        Just("[IPv6:1:2:3:4:5:6:7::]".to_string()),
        Just("[x-tag:c+d]".to_string()),
    ]
}

/// An ORCPT value of exactly `len` octets, with `+XX` escapes.
fn orcpt_of(len: usize) -> String {
    let mut v = "rfc822;".to_string();
    while v.len() + 3 <= len {
        v += "+2B";
    }
    while v.len() < len {
        v.push('x');
    }
    v
}

fn params() -> impl Strategy<Value = String> {
    let long_orcpt = prop_oneof![
        Just(format!(" ORCPT={}", orcpt_of(500))),
        Just(format!(" ORCPT={}", orcpt_of(501))),
        Just(format!(" ORCPT=rfc822;{}", "x".repeat(493))),
        Just(format!(" ORCPT=rfc822;{}", "x".repeat(494))),
    ];
    let envid =
        "([!-*,-<>-~]|\\+[0-9A-F]{2}|\\+[0-9a-f]{2}|\\+){1,12}".prop_map(|e| format!(" ENVID={e}"));
    let orcpt = "[a-z0-9-]{0,6};([!-*,-<>-~]|\\+[0-9A-F]{2}|\\+[0-9a-f]{2}|\\+){0,12}"
        .prop_map(|o| format!(" ORCPT={o}"));
    let fixed = prop_oneof![
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
            Just(" ORCPT=rfc822;+2B+3D+20"),
            Just(" ORCPT=rfc822;+e9"),
            Just(" ORCPT=utf-8;+C3"),
        ]
        .prop_map(str::to_string);
    proptest::collection::vec(
        prop_oneof![4 => fixed, 1 => long_orcpt, 1 => envid, 1 => orcpt],
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
                Just("[IPv6:1:2:3:4:5:6:7:8]".to_string()),
                Just("[IPv6:::]".to_string()),
                Just("[IPv6:0:0:0:0:0:ffff:192.0.2.1]".to_string()),
                Just("[IPv6:1:2::3:192.0.2.1]".to_string()),
                Just("[IPv6:1:2:3:4:5:6:7::]".to_string()),
                Just("[x-tag:content]".to_string()),
                Just("[192.000.002.001]".to_string()),
                Just("18446744073709551615".to_string()),
                Just("18446744073709551616".to_string()),
                "[A-Za-z0-9+/]{100,300}={0,2}",
                Just("==".to_string()),
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
        b"AUTH PLAIN =",
        b"BDAT 18446744073709551615 LAST",
        b"BDAT 00000000000000000001 last",
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
        b"BDAT 18446744073709551616 LAST",
        b"BDAT 0000000000000000000001 last",
        b"EHLO [IPv6:::ffff:192.0.2.1]",
        b"EHLO [192.0.002.1]",
    ] {
        assert!(
            whole_line(line).is_none(),
            "{:?}",
            String::from_utf8_lossy(line)
        );
        assert!(agrees_with_general_parser(line));
    }
}

/// Lines the fast path takes or declines at the edges of the general parser's rules:
/// the ORCPT limit, xtext escapes, long base64, huge chunk sizes.
#[test]
fn fast_path_edges_agree_with_the_general_rules() {
    use crate::parse::command::command;
    let general = |line: &str| command(line, &crate::CommandOptions::strict()).is_ok();
    let at_limit = format!("RCPT TO:<a@b.c> ORCPT={}", orcpt_of(500));
    let over = format!("RCPT TO:<a@b.c> ORCPT={}", orcpt_of(501));
    let long_ir = format!("AUTH PLAIN {}", "QUJD".repeat(3000));
    for taken in [
        at_limit.as_str(),
        "RCPT TO:<a@b.c> ORCPT=rfc822;+2B+3D+20x",
        "MAIL FROM:<a@b.c> ENVID=+C3+A9t+C3+A9",
        long_ir.as_str(),
    ] {
        assert!(whole_line(taken.as_bytes()).is_some(), "{taken:?}");
        assert!(agrees_with_general_parser(taken.as_bytes()), "{taken:?}");
    }
    for (declined, valid) in [
        (over.as_str(), false),
        ("RCPT TO:<a@b.c> ORCPT=rfc822;+e9", false),
        ("RCPT TO:<a@b.c> ORCPT=utf-8;+C3", false),
        ("MAIL FROM:<a@b.c> ENVID=a+", false),
        ("EHLO [IPv6:1:2:3:4:5:6:7:8]", true),
        ("EHLO [IPv6:1:2:3:4:5:6:7::]", false),
        ("MAIL FROM:<a@[IPv6:::ffff:1.2.3.4]>", true),
        ("MAIL FROM:<a@[IPv6:1:2:3:4:5:6:1.2.3.4]>", true),
    ] {
        assert!(whole_line(declined.as_bytes()).is_none(), "{declined:?}");
        assert_eq!(general(declined), valid, "{declined:?}");
    }
}
