//! Round trips over typed values: strategies build Commands and Replies from the
//! validating constructors, and `parse(encode(x)) == x`; every strict prefix of the
//! encoding is `Incomplete`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;

use proptest::prelude::*;
use smtp_proto::*;

fn domain() -> impl Strategy<Value = Domain<'static>> {
    prop_oneof![
        4 => "[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?(\\.[a-z0-9]{1,6}){0,3}"
            .prop_map(|d| Domain::name(d).unwrap()),
        1 => any::<[u8; 4]>().prop_map(|a| Domain::Ipv4(a.into())),
        1 => any::<[u16; 8]>().prop_map(|a| Domain::Ipv6(a.into())),
        1 => ("x-[a-z0-9]{1,5}", "[!-Z^-~]{1,10}")
            .prop_map(|(t, c)| Domain::General(GeneralLiteral::new(t, c).unwrap())),
    ]
}

fn local_part() -> impl Strategy<Value = LocalPart<'static>> {
    prop_oneof![
        "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,8}(\\.[a-z0-9]{1,5}){0,2}",
        "\"([ !#-\\[\\]-~]|\\\\[ -~]){0,8}\"",
        "[a-zé用]{1,4}",
    ]
    .prop_map(|l| LocalPart::new(l).unwrap())
}

fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    (local_part(), domain()).prop_map(|(l, d)| Mailbox::new(l, d).unwrap())
}

fn value() -> impl Strategy<Value = EsmtpValue<'static>> {
    "[!-<>-~]{1,12}".prop_map(|v| EsmtpValue::new(v).unwrap())
}

fn mail_params() -> impl Strategy<Value = MailParams<'static>> {
    (
        (
            proptest::option::of(any::<u64>()),
            proptest::option::of(prop_oneof![
                Just(Body::SevenBit),
                Just(Body::EightBitMime),
                Just(Body::BinaryMime)
            ]),
            any::<bool>(),
            proptest::option::of(prop_oneof![Just(Ret::Full), Just(Ret::Headers)]),
            proptest::option::of("\\PC{1,30}".prop_map(|e| EnvId::new(e).unwrap())),
            proptest::option::of(proptest::option::of(mailbox())),
        ),
        (
            any::<bool>(),
            proptest::option::of((-9i8..=9).prop_map(|p| MtPriority::new(p).unwrap())),
            proptest::option::of((0u32..=999_999_999).prop_map(|h| HoldFor::new(h).unwrap())),
            proptest::option::of(value()),
            proptest::option::of(
                (
                    -999_999_999i32..=999_999_999,
                    prop_oneof![Just(ByMode::Notify), Just(ByMode::Return)],
                    any::<bool>(),
                )
                    .prop_map(|(t, m, tr)| By::new(t, m, tr).unwrap()),
            ),
            proptest::collection::vec(("X-[A-Z0-9]{1,6}", proptest::option::of(value())), 0..3),
        ),
    )
        .prop_map(
            |((size, body, utf8, ret, envid, auth), (tls, prio, hold, until, by, other))| {
                let mut p = MailParams::new();
                p.size = size;
                p.body = body;
                p.smtputf8 = utf8;
                p.ret = ret;
                p.envid = envid;
                p.set_auth(auth);
                p.requiretls = tls;
                p.set_mt_priority(prio);
                p.set_hold_for(hold);
                p.set_hold_until(until);
                p.set_by(by);
                for (k, v) in other {
                    // a repeated keyword is refused; the rest are kept in order
                    let _ = p.push_other(Param::new(k, v).unwrap());
                }
                p
            },
        )
}

fn rcpt_params() -> impl Strategy<Value = RcptParams<'static>> {
    (
        proptest::option::of((any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
            |(success, failure, delay)| Notify {
                success,
                failure,
                delay,
            },
        )),
        proptest::option::of(
            ("rfc822|utf-8|x-[a-z]{1,4}", "\\PC{1,20}")
                .prop_map(|(t, a)| Orcpt::new(t, a).unwrap()),
        ),
        proptest::option::of(
            (
                "[0-9T:Z-]{1,20}",
                proptest::option::of(prop_oneof![
                    Just(RrvsAction::Continue),
                    Just(RrvsAction::Reject)
                ]),
            )
                .prop_map(|(t, a)| Rrvs::new(EsmtpValue::new(t).unwrap(), a).unwrap()),
        ),
        proptest::collection::vec(("X-[A-Z]{1,4}", proptest::option::of(value())), 0..2),
    )
        .prop_map(|(notify, orcpt, rrvs, other)| {
            let mut p = RcptParams::new();
            p.notify = notify;
            p.orcpt = orcpt;
            p.set_rrvs(rrvs);
            for (k, v) in other {
                let _ = p.push_other(Param::new(k, v).unwrap());
            }
            p
        })
}

fn text() -> impl Strategy<Value = Text<'static>> {
    "[!-~][ -~\t]{0,20}".prop_map(|t| Text::new(t).unwrap())
}

fn command() -> impl Strategy<Value = Command<'static>> {
    prop_oneof![
        (
            prop_oneof![
                Just(HelloKind::Helo),
                Just(HelloKind::Ehlo),
                Just(HelloKind::Lhlo)
            ],
            domain()
        )
            .prop_map(|(kind, domain)| Command::Hello { kind, domain }),
        (
            prop_oneof![
                1 => Just(ReversePath::Null),
                4 => mailbox().prop_map(ReversePath::Mailbox)
            ],
            mail_params()
        )
            .prop_map(|(from, params)| Command::Mail { from, params }),
        (
            prop_oneof![
                1 => Just(ForwardPath::Postmaster),
                4 => mailbox().prop_map(ForwardPath::Mailbox)
            ],
            rcpt_params()
        )
            .prop_map(|(to, params)| Command::Rcpt { to, params }),
        (any::<u64>(), any::<bool>()).prop_map(|(size, last)| Command::Bdat { size, last }),
        text().prop_map(Command::Vrfy),
        text().prop_map(Command::Expn),
        text().prop_map(Command::Etrn),
        proptest::option::of(text()).prop_map(Command::Help),
        proptest::option::of(text()).prop_map(Command::Noop),
        (
            prop_oneof![
                Just(Mechanism::Plain),
                Just(Mechanism::Login),
                Just(Mechanism::XOAuth2),
                "X-[A-Z0-9]{1,8}".prop_map(|m| Mechanism::parse(&m).unwrap()),
            ],
            proptest::option::of(prop_oneof![
                Just("=".to_string()),
                "[A-Za-z0-9+/]{4,40}={0,2}"
            ])
        )
            .prop_map(|(mechanism, ir)| Command::Auth {
                mechanism,
                initial_response: ir.map(|r| InitialResponse::new(r).unwrap()),
            }),
        prop_oneof![
            Just(Command::Data),
            Just(Command::Rset),
            Just(Command::Quit),
            Just(Command::StartTls)
        ],
        ("X[A-Z]{1,8}", proptest::option::of("[ -~]{0,20}")).prop_map(|(v, a)| {
            Command::Unknown(UnknownCommand::new(v, a.map(Cow::Owned)).unwrap())
        }),
    ]
}

fn reply() -> impl Strategy<Value = Reply<'static>> {
    (
        (2u16..=5, 0u16..=5, 0u16..=9),
        any::<bool>(),
        (0u16..=999, 0u16..=999),
        proptest::collection::vec("[ -~\t]{0,40}", 1..5),
    )
        .prop_filter_map(
            "text that reads back as an enhanced code",
            |((a, b, c), enhanced, (s, d), lines)| {
                let code = ReplyCode::new(a * 100 + b * 10 + c)?;
                let enhanced = if enhanced {
                    Some(EnhancedCode::new(code.class(), s, d)?)
                } else {
                    None
                };
                let lines = lines.into_iter().map(Cow::Owned).collect();
                Reply::new(code, enhanced, lines).ok()
            },
        )
}

/// Lines may grow past 512 with long parameters; the round trip is about the grammar.
fn unlimited() -> CommandOptions {
    let mut o = CommandOptions::strict();
    o.max_line_len = usize::MAX;
    o.max_mail_line_len = usize::MAX;
    o.max_rcpt_line_len = usize::MAX;
    o.max_auth_line_len = usize::MAX;
    o
}

proptest! {
    #[test]
    fn typed_commands_round_trip(cmd in command()) {
        let mut wire = Vec::new();
        encode_command(&cmd, &mut wire);
        prop_assert!(wire.ends_with(b"\r\n"));
        prop_assert_eq!(wire.iter().filter(|b| **b == b'\n').count(), 1);
        let options = unlimited();
        let (parsed, used) = parse_command_with(&wire, &options)
            .into_result()
            .map_err(|e| TestCaseError::fail(format!("{e} in {:?}", String::from_utf8_lossy(&wire))))?
            .ok_or_else(|| TestCaseError::fail("incomplete"))?;
        prop_assert_eq!(used, wire.len());
        prop_assert_eq!(&parsed, &cmd);
        for cut in 0..wire.len() {
            prop_assert!(parse_command_with(&wire[..cut], &options).is_incomplete());
        }
    }

    #[test]
    fn typed_replies_round_trip(reply in reply()) {
        let mut wire = Vec::new();
        encode_reply(&reply, &mut wire);
        let mut options = ReplyOptions::strict();
        options.max_line_len = usize::MAX;
        let (parsed, used) = parse_reply_with(&wire, &options).ok().unwrap();
        prop_assert_eq!(used, wire.len());
        prop_assert_eq!(&parsed, &reply);
        for cut in 0..wire.len() {
            prop_assert!(parse_reply_with(&wire[..cut], &options).is_incomplete());
        }
    }
}

#[test]
fn errors_keep_the_offset_and_an_excerpt() {
    let e = parse_command(b"MAIL FROM:<a@b> SIZE=1 BODY=9BIT\r\n")
        .err()
        .unwrap();
    assert_eq!(e.kind, DecodeErrorKind::InvalidParameter("BODY".into()));
    assert_eq!(e.offset, 23);
    let shown = e.to_string();
    assert!(
        shown.contains("at byte 23") && shown.contains("BODY=9BIT"),
        "{shown}"
    );
}
