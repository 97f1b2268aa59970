//! Codec properties: round trips, strict prefixes, injection, overflow, limits.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use smtp_proto::*;

fn mailbox() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            "[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,8}(\\.[a-z0-9]{1,5}){0,2}",
            "\"[ a-z.@]{0,6}(\\\\[ -~])?\"".prop_map(|s| s)
        ],
        "[a-z0-9]{1,8}(\\.[a-z0-9]([a-z0-9-]{0,5}[a-z0-9])?)?",
    )
        .prop_map(|(l, d)| format!("{l}@{d}"))
}

/// RET, AUTH=, REQUIRETLS, HOLDFOR, HOLDUNTIL, BY and unknown parameters, each maybe.
fn mail_extras() -> impl Strategy<Value = String> {
    (
        proptest::option::of(prop_oneof![Just(" RET=FULL"), Just(" RET=HDRS")]),
        proptest::option::of(prop_oneof![
            Just(" AUTH=<>".to_string()),
            "[a-z0-9+=]{1,8}@[a-z]{1,8}"
                .prop_map(|m| format!(" AUTH={}", m.replace('+', "+2B").replace('=', "+3D")))
        ]),
        any::<bool>(),
        proptest::option::of(0u32..999_999_999),
        proptest::option::of(Just(" HOLDUNTIL=2026-11-23T10:00:00Z")),
        proptest::option::of((
            -999_999_999i32..999_999_999,
            prop_oneof![Just("N"), Just("R"), Just("NT"), Just("RT")],
        )),
        proptest::collection::vec(
            ("X-[A-Z0-9]{1,6}", proptest::option::of("[!-<>-~]{1,8}")),
            0..3,
        ),
    )
        .prop_map(|(ret, auth, requiretls, hold, until, by, other)| {
            let mut s = String::new();
            s += ret.unwrap_or("");
            s += &auth.unwrap_or_default();
            if requiretls {
                s += " REQUIRETLS";
            }
            if let Some(h) = hold {
                s += &format!(" HOLDFOR={h}");
            }
            s += until.unwrap_or("");
            if let Some((t, m)) = by {
                s += &format!(" BY={t};{m}");
            }
            for (k, v) in other {
                s += &format!(" {k}");
                if let Some(v) = v {
                    s += &format!("={v}");
                }
            }
            s
        })
}

fn command_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]{1,10}(\\.[a-z]{2,5}){0,2}".prop_map(|d| format!("EHLO {d}")),
        (
            mailbox(),
            proptest::option::of(0u64..u64::MAX),
            proptest::option::of(prop_oneof![
                Just("7BIT"),
                Just("8BITMIME"),
                Just("BINARYMIME")
            ]),
            any::<bool>(),
            proptest::option::of("[!-*,-<>-~]{1,10}"),
            proptest::option::of(-9i8..=9),
            mail_extras()
        )
            .prop_map(|(m, size, body, utf8, envid, prio, extras)| {
                let mut s = format!("MAIL FROM:<{m}>");
                if let Some(n) = size {
                    s += &format!(" SIZE={n}");
                }
                if let Some(b) = body {
                    s += &format!(" BODY={b}");
                }
                if utf8 {
                    s += " SMTPUTF8";
                }
                if let Some(e) = envid {
                    s += &format!(" ENVID={e}");
                }
                if let Some(p) = prio {
                    s += &format!(" MT-PRIORITY={p}");
                }
                s + &extras
            }),
        Just("MAIL FROM:<>".to_string()),
        (
            mailbox(),
            proptest::option::of(prop_oneof![
                Just("NEVER"),
                Just("SUCCESS"),
                Just("SUCCESS,FAILURE"),
                Just("FAILURE,DELAY")
            ]),
            proptest::option::of(
                "([!-*,-:<>-~]|\\+[0-9A-F]{2}){1,10}"
                    .prop_filter("xtext that decodes to UTF-8", |o| xtext_decode(o).is_some())
            ),
            proptest::option::of(prop_oneof![
                Just(" RRVS=2014-04-03T23:01:00Z"),
                Just(" RRVS=2014-04-03T23:01:00Z;R")
            ]),
            proptest::option::of(Just(" X-RCPT=1 X-FLAG"))
        )
            .prop_map(|(m, n, o, rrvs, x)| {
                let mut s = rrvs.unwrap_or("").to_string() + x.unwrap_or("");
                s = format!("RCPT TO:<{m}>") + &s;
                if let Some(n) = n {
                    s += &format!(" NOTIFY={n}");
                }
                if let Some(o) = o {
                    s += &format!(" ORCPT=rfc822;{o}");
                }
                s
            }),
        Just("RCPT TO:<Postmaster>".to_string()),
        (0u64..u64::MAX, any::<bool>())
            .prop_map(|(n, l)| format!("BDAT {n}{}", if l { " LAST" } else { "" })),
        "[A-Za-z0-9 ._-]{1,20}".prop_map(|s| format!("VRFY {s}")),
        "[A-Z]{3,8}".prop_map(|m| format!("AUTH {m} dGVzdA==")),
        "[A-Z]{3,8}".prop_map(|m| format!("AUTH {m} =")),
        "[A-Za-z0-9+/]{4,400}".prop_map(|ir| format!("AUTH XOAUTH2 {ir}=")),
        Just("DATA".to_string()),
        Just("RSET".to_string()),
        Just("QUIT".to_string()),
        Just("STARTTLS".to_string()),
        Just("NOOP".to_string()),
        Just("HELP".to_string()),
        "[a-z.]{1,10}".prop_map(|s| format!("ETRN @{s}")),
        "X[A-Z]{2,6}( [a-z]{1,6})?".prop_map(|s| s),
    ]
}

/// An IPv6 address in one of the four forms of RFC 5321 §4.1.3 (IPv6-full,
/// IPv6-comp, IPv6v4-full, IPv6v4-comp), with group counts up to each form's limit.
fn ipv6_text() -> impl Strategy<Value = String> {
    let group = || "[0-9a-fA-F]{1,4}";
    let groups = move |n: std::ops::RangeInclusive<usize>| proptest::collection::vec(group(), n);
    let v4 = || any::<[u8; 4]>().prop_map(|a| format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3]));
    prop_oneof![
        groups(8..=8).prop_map(|g| g.join(":")),
        (groups(0..=6), 0usize..=6).prop_flat_map(move |(head, n)| {
            let room = 6 - head.len();
            groups(0..=room.min(n))
                .prop_map(move |tail| format!("{}::{}", head.join(":"), tail.join(":")))
        }),
        (groups(6..=6), v4()).prop_map(|(g, a)| format!("{}:{a}", g.join(":"))),
        (groups(0..=4), 0usize..=4, v4()).prop_flat_map(move |(head, n, a)| {
            let room = 4 - head.len();
            groups(0..=room.min(n)).prop_map(move |tail| {
                let tail: String = tail.iter().map(|t| format!("{t}:")).collect();
                format!("{}::{tail}{a}", head.join(":"))
            })
        }),
    ]
}

proptest! {
    /// Every IPv6 literal form reads as the address std reads from it, in EHLO and
    /// in a path, and reads back from its encoding.
    #[test]
    fn ipv6_literals_of_every_form(addr in ipv6_text(), mask in any::<u8>()) {
        let want: std::net::Ipv6Addr = addr.parse().unwrap();
        let tag = if mask & 1 == 0 { "IPv6" } else { "ipv6" };
        for wire in [
            format!("EHLO [{tag}:{addr}]\r\n"),
            format!("MAIL FROM:<a@[{tag}:{addr}]>\r\n"),
        ] {
            let (cmd, used) = parse_command(wire.as_bytes()).ok().unwrap();
            prop_assert_eq!(used, wire.len());
            let domain = match &cmd {
                Command::Hello { domain, .. } => domain.clone(),
                Command::Mail { from: ReversePath::Mailbox(m), .. } => m.domain().clone(),
                other => panic!("{other:?}"),
            };
            prop_assert_eq!(domain, Domain::Ipv6(want));
            let mut out = Vec::new();
            encode_command(&cmd, &mut out);
            prop_assert_eq!(parse_command(&out).ok().unwrap().0, cmd);
        }
    }

    /// decode(encode(decode(line))) == decode(line), and every strict prefix is Incomplete.
    #[test]
    fn commands_round_trip(line in command_line()) {
        let wire = format!("{line}\r\n");
        let (cmd, used) = parse_command(wire.as_bytes()).ok().unwrap();
        prop_assert_eq!(used, wire.len());
        let mut out = Vec::new();
        encode_command(&cmd, &mut out);
        let (again, used2) = parse_command(&out).ok().unwrap();
        prop_assert_eq!(used2, out.len());
        prop_assert_eq!(&again, &cmd);
        prop_assert_eq!(again.into_owned(), cmd.clone().into_owned());
        for cut in 0..wire.len() {
            let status = parse_command(&wire.as_bytes()[..cut]);
            prop_assert!(status.is_incomplete(), "prefix {} of {:?}: {:?}", cut, wire, status);
        }
    }

    #[test]
    fn replies_round_trip(code in 200u16..=554, enhanced in any::<bool>(), lines in proptest::collection::vec("[ -~]{0,30}", 1..5)) {
        prop_assume!(ReplyCode::new(code).is_some());
        let code = ReplyCode::new(code).unwrap();
        let enhanced = enhanced.then(|| EnhancedCode::new(code.class(), 1, 0)).flatten();
        let lines: Vec<std::borrow::Cow<'static, str>> = lines.into_iter().map(Into::into).collect();
        let first_reads_as_enhanced = lines[0].split(' ').next().is_some_and(|w| {
            let p: Vec<&str> = w.split('.').collect();
            p.len() == 3
                && p[0] == code.class().to_string()
                && p[1..].iter().all(|n| (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
        });
        let reply = match Reply::new(code, enhanced, lines) {
            Ok(r) => r,
            Err(e) => {
                // refused only where the text would read back as an enhanced code
                prop_assert!(enhanced.is_none() && first_reads_as_enhanced, "{}", e);
                return Ok(());
            }
        };
        let mut out = Vec::new();
        encode_reply(&reply, &mut out);
        let (parsed, used) = parse_reply_with(&out, &ReplyOptions::strict()).ok().unwrap();
        prop_assert_eq!(used, out.len());
        prop_assert_eq!(&parsed, &reply);
        for cut in 0..out.len() {
            prop_assert!(parse_reply(&out[..cut]).is_incomplete());
        }
    }

    #[test]
    fn xtext_round_trips(text in "\\PC{0,20}") {
        let mut out = Vec::new();
        xtext_encode(&text, &mut out);
        let enc = String::from_utf8(out).unwrap();
        prop_assert_eq!(xtext_decode(&enc).unwrap(), text);
    }
}

#[test]
fn crlf_injection_is_refused_when_values_are_built() {
    assert!(Text::new("x\r\nRSET").is_err());
    assert!(Text::new("a\nb").is_err());
    assert!(Text::new("\0").is_err());
    assert!(Text::new("").is_err());
    assert!(UnknownCommand::new("XF", Some("a\rb".into())).is_err());
    assert!(UnknownCommand::new("X F", None).is_err());
    assert!(UnknownCommand::new("rset", None).is_err(), "a known verb");
    assert!(Domain::name("a\r\nMAIL FROM:<x@y>").is_err());
    assert!(NonstandardName::new("a\r\nMAIL").is_err());
    assert!(NonstandardName::new("a b").is_err());
    assert!(LocalPart::new("a\r\n").is_err());
    assert!(GeneralLiteral::new("x", "a]b").is_err());
    assert!(
        GeneralLiteral::new("IPv6", "::1").is_err(),
        "that is Domain::Ipv6"
    );
    assert!(EsmtpValue::new("a\r\nRCPT").is_err());
    assert!(EsmtpValue::new("a=b").is_err());
    assert!(Param::new("X_Y", None).is_err());
    assert!(InitialResponse::new("dGVzdA==\r\nQUIT").is_err());
    assert!(Orcpt::new("rfc 822", "a@b").is_err());
    // 500 octets as sent fit ("rfc822;" is 7), 501 do not, and an encoded byte
    // counts as the three of its `+XX`
    assert!(Orcpt::new("rfc822", "a".repeat(493)).is_ok());
    assert!(Orcpt::new("rfc822", "a".repeat(494)).is_err());
    assert!(Orcpt::new("rfc822", format!("{}=", "a".repeat(490))).is_ok());
    assert!(Orcpt::new("rfc822", format!("{}=", "a".repeat(491))).is_err());
    assert!(Mailbox::parse("a\r\n@b").is_err());
    assert!(Reply::simple(250, None, "ok\r\n250 forged").is_err());
    assert!(Reply::simple(250, None, "ok\0").is_err());
    // what the constructors accept encodes to one line that reads back the same
    let cmds = [
        Command::Vrfy(Text::new("Smith").unwrap()),
        Command::Unknown(UnknownCommand::new("XCLIENT", Some("ADDR=1.2.3.4".into())).unwrap()),
        Command::Hello {
            kind: HelloKind::Ehlo,
            domain: Domain::General(GeneralLiteral::new("x-tag", "stuff").unwrap()),
        },
    ];
    for cmd in cmds {
        let mut out = Vec::new();
        encode_command(&cmd, &mut out);
        assert_eq!(out.iter().filter(|b| **b == b'\n').count(), 1);
        assert_eq!(parse_command(&out).ok().unwrap().0, cmd);
    }
}

#[test]
fn reply_text_that_reads_as_an_enhanced_code_is_refused() {
    // without an enhanced code, "2.0.0 ok" would read back as code 2.0.0 and text "ok"
    assert!(Reply::simple(250, None, "2.0.0 ok").is_err());
    assert!(Reply::simple(250, None, "2.0.0").is_err());
    // another class, or no space after it, is text
    let r = Reply::simple(250, None, "5.0.0 ok").unwrap();
    let mut out = Vec::new();
    encode_reply(&r, &mut out);
    assert_eq!(parse_reply(&out).ok().unwrap().0, r);
    assert!(Reply::simple(250, None, "2.0.0x ok").is_ok());
    // with an enhanced code the same text is kept, and reads back the same
    let r = Reply::simple(250, Some((2, 0, 0)), "2.0.0 ok").unwrap();
    let mut out = Vec::new();
    encode_reply(&r, &mut out);
    assert_eq!(out, b"250 2.0.0 2.0.0 ok\r\n");
    assert_eq!(parse_reply(&out).ok().unwrap().0, r);
    assert!(Reply::simple(250, Some((5, 0, 0)), "class mismatch").is_err());
}

#[test]
fn numbers_overflow_instead_of_wrapping() {
    for line in [
        &b"MAIL FROM:<a@b> SIZE=18446744073709551616\r\n"[..],
        b"MAIL FROM:<a@b> SIZE=999999999999999999999\r\n",
        b"BDAT 18446744073709551616 LAST\r\n",
        b"MAIL FROM:<a@b> MT-PRIORITY=10\r\n",
        b"MAIL FROM:<a@b> HOLDFOR=1234567890\r\n",
    ] {
        let e = parse_command(line).err().unwrap();
        assert!(
            matches!(
                e.kind,
                DecodeErrorKind::NumberOverflow | DecodeErrorKind::InvalidParameter(_)
            ),
            "{e}"
        );
    }
    let (cmd, _) = parse_command(b"MAIL FROM:<a@b> SIZE=18446744073709551615\r\n")
        .ok()
        .unwrap();
    assert!(matches!(
        cmd,
        Command::Mail {
            params: MailParams {
                size: Some(u64::MAX),
                ..
            },
            ..
        }
    ));
}

#[test]
fn duplicate_and_exclusive_parameters_are_errors() {
    for line in [
        &b"MAIL FROM:<a@b> SIZE=1 SIZE=2\r\n"[..],
        b"MAIL FROM:<a@b> BODY=7BIT body=8bitmime\r\n",
        b"RCPT TO:<a@b> NOTIFY=NEVER,SUCCESS\r\n",
        b"RCPT TO:<a@b> NOTIFY=SUCCESS,SUCCESS\r\n",
        b"MAIL FROM:<a@b> SMTPUTF8 SMTPUTF8\r\n",
        b"MAIL FROM:<a@b> SMTPUTF8=yes\r\n",
    ] {
        assert!(
            parse_command(line).err().is_some(),
            "{}",
            String::from_utf8_lossy(line)
        );
    }
    let e = parse_command(b"MAIL FROM:<a@b> SIZE=1 SIZE=2\r\n")
        .err()
        .unwrap();
    assert_eq!(e.kind, DecodeErrorKind::DuplicateParameter("SIZE".into()));
    assert_eq!(e.offset, 23);
}

#[test]
fn every_parameter_parses() {
    let (cmd, _) = parse_command(b"MAIL FROM:<a@b> SIZE=10 BODY=BINARYMIME SMTPUTF8 RET=HDRS ENVID=QQ+2B123 AUTH=e+2Bx@example.com REQUIRETLS MT-PRIORITY=-3 HOLDFOR=600 BY=-120;RT X-FOO=bar X-FLAG\r\n").ok().unwrap();
    let Command::Mail { params: p, .. } = cmd else {
        panic!()
    };
    assert_eq!(p.size, Some(10));
    assert_eq!(p.body, Some(Body::BinaryMime));
    assert!(p.smtputf8 && p.requiretls);
    assert_eq!(p.ret, Some(Ret::Headers));
    assert_eq!(p.envid.as_ref().map(EnvId::as_str), Some("QQ+123"));
    assert_eq!(p.auth().unwrap().unwrap().to_string(), "e+x@example.com");
    assert_eq!(p.mt_priority().map(MtPriority::get), Some(-3));
    assert_eq!(p.hold_for().map(HoldFor::get), Some(600));
    assert_eq!(p.by(), By::new(-120, ByMode::Return, true));
    assert_eq!(p.other().len(), 2);
    assert_eq!(p.other()[1].value(), None);
    let (cmd, _) = parse_command(
        b"RCPT TO:<a@b> NOTIFY=FAILURE,DELAY ORCPT=rfc822;a+40b RRVS=2014-04-03T23:01:00Z;C\r\n",
    )
    .ok()
    .unwrap();
    let Command::Rcpt { params: p, .. } = cmd else {
        panic!()
    };
    assert_eq!(
        p.notify,
        Some(Notify {
            success: false,
            failure: true,
            delay: true
        })
    );
    assert_eq!(p.orcpt.as_ref().unwrap().addr(), "a@b");
    assert_eq!(p.rrvs().unwrap().action(), Some(RrvsAction::Continue));
    let (cmd, _) = parse_command(b"MAIL FROM:<> AUTH=<>\r\n").ok().unwrap();
    assert!(matches!(
        &cmd,
        Command::Mail {
            from: ReversePath::Null,
            params,
        } if params.auth() == Some(None)
    ));
}

#[test]
fn overlong_lines_are_errors_not_incomplete() {
    let mut line = b"NOOP ".to_vec();
    line.extend(std::iter::repeat_n(b'a', 600));
    let e = parse_command(&line).err().unwrap();
    assert_eq!(e.kind, DecodeErrorKind::LineTooLong { limit: 512 });
    // an AUTH line may carry a long OAuth token (RFC 4954 §4: 12288)
    let mut auth = b"AUTH XOAUTH2 ".to_vec();
    auth.extend(std::iter::repeat_n(b'A', 4000));
    auth.extend_from_slice(b"==\r\n");
    assert!(parse_command(&auth).is_complete());
    assert!(
        parse_command(b"NOOP\n").err().is_some(),
        "bare LF is refused by default"
    );
    assert!(parse_command_with(b"NOOP\n", &CommandOptions::lenient()).is_complete());
    assert!(
        parse_command(b"NOOP a\rb\r\n").err().is_some(),
        "bare CR inside a line"
    );
}

#[test]
fn ehlo_capabilities_from_the_corpus() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/mailkit-smtp"
    );
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("corpus not present: {dir}");
        return;
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\r\n", "\n")
            .replace('\n', "\r\n");
        let mut wire = text.as_bytes();
        while !wire.is_empty() {
            let (reply, used) = parse_reply(wire)
                .into_result()
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .unwrap_or_else(|| panic!("{}: incomplete", path.display()));
            if path.to_string_lossy().contains("ehlo") && reply.code().get() == 250 {
                let ehlo = EhloResponse::from_reply(&reply).unwrap();
                assert!(
                    ehlo.capabilities.size.is_some()
                        || !ehlo.capabilities.auth.is_empty()
                        || !ehlo.capabilities.other.is_empty(),
                    "{}",
                    path.display()
                );
            }
            wire = &wire[used..];
            n += 1;
        }
    }
    assert!(n >= 30, "only {n} replies read");
}

#[test]
fn mixed_codes_and_tolerances() {
    assert_eq!(
        parse_reply(b"250-a\r\n251 b\r\n").err().unwrap().kind,
        DecodeErrorKind::MixedReplyCodes
    );
    assert!(
        parse_reply(b"250 ok\n").is_complete(),
        "bare LF tolerated by default"
    );
    assert!(
        parse_reply_with(b"250 ok\n", &ReplyOptions::strict())
            .err()
            .is_some()
    );
    // AUTH= form of old Microsoft servers
    let (r, _) = parse_reply(b"250-mx\r\n250-AUTH=LOGIN PLAIN\r\n250 AUTH LOGIN\r\n")
        .ok()
        .unwrap();
    assert_eq!(
        EhloResponse::from_reply(&r).unwrap().capabilities.auth,
        vec![Mechanism::Login, Mechanism::Plain]
    );
}

#[test]
fn windows_hello_names_need_the_named_tolerance() {
    // Windows clients send their NetBIOS name; Postfix and Exim take it by default
    let line = b"EHLO DESKTOP_7F3\r\n";
    assert!(
        parse_command_with(line, &CommandOptions::strict())
            .err()
            .is_some()
    );
    let mut options = CommandOptions::strict();
    options.allow_any_hello_name = true;
    let (cmd, _) = parse_command_with(line, &options).ok().unwrap();
    assert!(
        matches!(&cmd, Command::Hello { domain: Domain::Nonstandard(n), .. } if n.as_str() == "DESKTOP_7F3")
    );
    assert_eq!(parse_command(line).ok().unwrap().0, cmd, "on by default");
    assert!(
        parse_command_with(b"EHLO a b\r\n", &options)
            .err()
            .is_some()
    );
}
