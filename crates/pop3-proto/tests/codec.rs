//! Round trips over typed values, strict prefixes, and the hostile inputs of the codec.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::BytesMut;
use mail_proto_core::Decoded;
use pop3_proto::encode::*;
use pop3_proto::framing::parse_multi_line;
use pop3_proto::parse::*;
use pop3_proto::*;
use proptest::prelude::*;

mod common;
use common::{is_known, near, resp_code, unknown_command};

/// Words of 1 to 40 octets, UTF-8 beyond ASCII included (RFC 6856 USER).
fn word() -> impl Strategy<Value = String> {
    "[!-~é]{1,40}".prop_filter("past 40 octets", |w| w.len() <= MAX_ARG_LEN)
}

fn msg() -> impl Strategy<Value = MessageNumber> {
    (1u32..).prop_map(|n| MessageNumber::new(n).unwrap())
}

fn command() -> impl Strategy<Value = Command<'static>> {
    let atom = || word().prop_map(|w| Atom::new(w).unwrap());
    prop_oneof![
        atom().prop_map(Command::User),
        // one to 40 octets, leading, trailing and only spaces included
        "[ -~é]{1,40}".prop_filter_map("past 40 octets", |p| Password::new(p)
            .ok()
            .map(Command::Pass)),
        (atom(), "[0-9a-f]{32}").prop_map(|(name, d)| Command::Apop {
            name,
            digest: ApopDigest::new(d).unwrap()
        }),
        Just(Command::Stat),
        proptest::option::of(msg()).prop_map(Command::List),
        msg().prop_map(Command::Retr),
        msg().prop_map(Command::Dele),
        Just(Command::Noop),
        Just(Command::Rset),
        Just(Command::Quit),
        (msg(), any::<u64>()).prop_map(|(msg, lines)| Command::Top { msg, lines }),
        proptest::option::of(msg()).prop_map(Command::Uidl),
        Just(Command::Capa),
        Just(Command::Stls),
        Just(Command::AuthList),
        (
            "[A-Z0-9_-]{1,20}",
            proptest::option::of("[A-Za-z0-9+/]{4,100}|=")
        )
            .prop_map(|(m, ir)| Command::Auth {
                mechanism: AuthMechanism::parse(&m).unwrap(),
                initial_response: ir.map(|i| InitialResponse::new(i).unwrap()),
            }),
        Just(Command::Utf8),
        proptest::option::of(atom()).prop_map(Command::Lang),
        unknown_command(),
    ]
}

fn response() -> impl Strategy<Value = Response<'static>> {
    (
        prop_oneof![Just(Status::Ok), Just(Status::Err)],
        proptest::option::of(resp_code()),
        "([!-Z\\\\-~][ -~]{0,100})?",
    )
        .prop_map(|(s, c, t)| Response::new(s, c, Text::new(t).unwrap()).unwrap())
}

proptest! {
    /// Under the default (RFC 2449) limits: what the constructors take, the
    /// default parser takes back equal.
    #[test]
    fn commands_round_trip(cmd in command()) {
        let mut wire = BytesMut::new();
        encode_command(&cmd, &mut wire);
        let (back, used) = parse_command(&wire).ok().unwrap();
        prop_assert_eq!(used, wire.len());
        prop_assert_eq!(&back, &cmd);
        for cut in 0..wire.len() {
            prop_assert!(parse_command(&wire[..cut]).is_incomplete());
        }
    }

    /// A known keyword in any case is no unknown command; a word near one is.
    #[test]
    fn known_keywords_cannot_be_unknown_commands(k in near(&KNOWN_KEYWORDS)) {
        let built = UnknownCommand::new(k.clone(), None);
        prop_assert_eq!(built.is_err(), is_known(&KNOWN_KEYWORDS, &k), "{}", k);
    }

    /// Likewise a known capability tag is no other capability.
    #[test]
    fn known_tags_cannot_be_other_capabilities(t in near(&KNOWN_CAPABILITY_TAGS)) {
        let built = OtherCapability::new(t.clone(), vec![]);
        prop_assert_eq!(built.is_err(), is_known(&KNOWN_CAPABILITY_TAGS, &t), "{}", t);
    }

    #[test]
    fn responses_round_trip(r in response()) {
        let mut wire = BytesMut::new();
        encode_response(&r, &mut wire);
        let (back, used) = parse_response(&wire).ok().unwrap();
        prop_assert_eq!(used, wire.len());
        prop_assert_eq!(&back, &r);
        for cut in 0..wire.len() {
            prop_assert!(parse_response(&wire[..cut]).is_incomplete());
        }
    }

    #[test]
    fn multi_line_bodies_round_trip(lines in proptest::collection::vec("[.a]{0,4}", 0..12)) {
        // a body is CRLF lines (bare CR and LF are covered by the smuggling test)
        let body: Vec<u8> = lines.iter().flat_map(|l| format!("{l}\r\n").into_bytes()).collect();
        let mut wire = BytesMut::new();
        encode_multi_line(&Response::ok("follows").unwrap(), &body, &mut wire);
        let o = ResponseOptions::strict();
        let (m, used) = parse_multi_line(&wire, &o).ok().unwrap();
        prop_assert_eq!(used, wire.len());
        prop_assert_eq!(&*m.body.unwrap(), &body[..]);
        for cut in 0..wire.len() {
            prop_assert!(parse_multi_line(&wire[..cut], &o).is_incomplete());
        }
    }

    /// Bodies with bare CR and LF inside their lines. The shared stuffer doubles a
    /// dot after a bare CR or LF too (a receiver that splits lines there never sees
    /// a terminator), and RFC 1939 §3 unstuffing follows CRLF only: such a dot comes
    /// back doubled, the one stated exception to decode(encode(x)) == x. Every
    /// other byte, bare CR and LF included, comes back as sent.
    #[test]
    fn bodies_with_bare_cr_and_lf_round_trip(
        lines in proptest::collection::vec("[.a\r\n]{0,6}", 0..12),
    ) {
        let body: Vec<u8> = lines.iter().flat_map(|l| format!("{l}\r\n").into_bytes()).collect();
        let mut expected = Vec::with_capacity(body.len() * 2);
        for (i, &b) in body.iter().enumerate() {
            expected.push(b);
            let after_bare = match i {
                0 => false,
                1 => matches!(body[0], b'\r' | b'\n'),
                _ => match (body[i - 2], body[i - 1]) {
                    (b'\r', b'\n') => false,
                    (_, c) => c == b'\r' || c == b'\n',
                },
            };
            if b == b'.' && after_bare {
                expected.push(b'.');
            }
        }
        let mut wire = BytesMut::new();
        encode_multi_line(&Response::ok("follows").unwrap(), &body, &mut wire);
        let o = ResponseOptions::strict();
        let (m, used) = parse_multi_line(&wire, &o).ok().unwrap();
        prop_assert_eq!(used, wire.len());
        prop_assert_eq!(&*m.body.unwrap(), &expected[..]);
        if !body.windows(2).any(|w| w[1] == b'.' && matches!(w[0], b'\r' | b'\n')) {
            prop_assert_eq!(&expected, &body);
        }
        for cut in 0..wire.len() {
            prop_assert!(parse_multi_line(&wire[..cut], &o).is_incomplete());
        }
    }

    #[test]
    fn capabilities_round_trip(mechs in proptest::collection::vec("[A-Z0-9-]{1,20}", 1..4),
                               days in any::<u64>(), name in "X-[A-Z]{1,10}") {
        let caps = Capabilities::new(vec![
            Capability::Top, Capability::User, Capability::RespCodes, Capability::Pipelining,
            Capability::Uidl, Capability::Stls, Capability::AuthRespCode, Capability::Lang,
            Capability::Sasl(mechs.iter().map(|m| AuthMechanism::parse(m).unwrap()).collect()),
            Capability::LoginDelay { seconds: days, per_user: true },
            Capability::Expire { policy: Expire::Days(days), per_user: false },
            Capability::Expire { policy: Expire::Never, per_user: true },
            Capability::Implementation(Text::new("Shlemazle Plotz v302").unwrap()),
            Capability::Utf8 { user: true },
            Capability::Other(OtherCapability::new(name, vec![Atom::new("a").unwrap()]).unwrap()),
        ]);
        let mut wire = BytesMut::new();
        encode_capabilities(&caps, &mut wire);
        let body = &wire[..wire.len() - 3];
        prop_assert_eq!(parse_capabilities(body).unwrap(), caps);
    }

    #[test]
    fn listings_round_trip(sizes in proptest::collection::vec(any::<u64>(), 0..20)) {
        let mut body = String::new();
        let mut uids = String::new();
        for (i, s) in sizes.iter().enumerate() {
            let msg = MessageNumber::from_index(i).unwrap();
            body.push_str(&encode_scan_listing(&ScanListing { msg, size: *s }));
            body.push_str("\r\n");
            let uid = UniqueIdListing { msg, uid: UniqueId::new(format!("u{s}")).unwrap() };
            uids.push_str(&encode_unique_id_listing(&uid));
            uids.push_str("\r\n");
        }
        let back = parse_scan_listings(body.as_bytes()).unwrap();
        prop_assert_eq!(back.iter().map(|l| l.size).collect::<Vec<_>>(), sizes.clone());
        prop_assert_eq!(parse_unique_id_listings(uids.as_bytes()).unwrap().len(), sizes.len());
        let stat = Stat { count: sizes.len() as u64, size: sizes.iter().fold(0u64, |a, b| a.wrapping_add(*b)) };
        prop_assert_eq!(parse_stat(&Text::new(encode_stat(&stat)).unwrap()).unwrap(), stat);
    }
}

#[test]
fn hostile_message_numbers() {
    for n in [
        "0",
        "18446744073709551616",
        "4294967296",
        "99999999999999999999999",
    ] {
        let line = format!("RETR {n}\r\n");
        let e = parse_command(line.as_bytes()).err().unwrap();
        assert_eq!(e.kind, DecodeErrorKind::NumberOverflow, "{n}");
        assert_eq!(e.offset, 5);
    }
    let e = parse_scan_listings(b"18446744073709551616 1\r\n").unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::NumberOverflow);
    let e = parse_stat(&Text::new("1 18446744073709551616").unwrap()).unwrap_err();
    assert_eq!((e.kind, e.offset), (DecodeErrorKind::NumberOverflow, 2));
}

#[test]
fn a_line_without_crlf_is_refused_at_the_limit() {
    let endless = vec![b'a'; 100_000];
    let e = parse_command(&endless).err().unwrap();
    assert_eq!(e.kind, DecodeErrorKind::LineTooLong { limit: 255 });
    assert!(parse_command(&endless[..254]).is_incomplete());
    let e = parse_response(&endless).err().unwrap();
    assert_eq!(e.kind, DecodeErrorKind::LineTooLong { limit: 512 });
}

#[test]
fn million_line_list_parses_linearly() {
    let mut body = Vec::with_capacity(16_000_000);
    for i in 1..=1_000_000u32 {
        body.extend_from_slice(format!("{i} {}\r\n", i * 3).as_bytes());
    }
    let mut wire = b"+OK 1000000 messages\r\n".to_vec();
    wire.extend_from_slice(&body);
    wire.extend_from_slice(b".\r\n");
    let (m, used) = parse_multi_line(&wire, &ResponseOptions::strict())
        .ok()
        .unwrap();
    assert_eq!(used, wire.len());
    let list = parse_scan_listings(&m.body.unwrap()).unwrap();
    assert_eq!(list.len(), 1_000_000);
    assert_eq!(list[999_999].size, 3_000_000);
}

#[test]
fn smuggled_terminators_never_end_a_body() {
    let fakes: [&[u8]; 8] = [
        b"\n.\n",
        b"\r.\r",
        b"\n.\r\n",
        b"\r\n.\n",
        b"\r\n.\r\r\n",
        b"\r.\r\n",
        b"\r\n .\r\n",
        b"\r\n..\r\n",
    ];
    let mut body = b"Subject: x\r\n".to_vec();
    for f in fakes {
        body.extend_from_slice(b"a");
        body.extend_from_slice(f);
    }
    body.extend_from_slice(b"end\r\n");
    let mut wire = BytesMut::new();
    encode_multi_line(&Response::ok("").unwrap(), &body, &mut wire);
    let (m, used) = parse_multi_line(&wire, &ResponseOptions::strict())
        .ok()
        .unwrap();
    assert_eq!(used, wire.len(), "only the real terminator ends the body");
    // the shared stuffer also doubles a dot after a bare CR or LF (so a receiver that
    // splits lines there never sees an end); unstuffing follows CRLF only, so those
    // dots stay doubled: every fake survives as data
    let got = m.body.unwrap();
    assert!(got.ends_with(b"\r\n..\r\nend\r\n"));
    assert_eq!(got.len(), body.len() + 4);
    // raw (unstuffed by a careless sender) look-alikes are data too
    let raw = b"+OK\r\nx\n.\nQUIT\r\n.\r\n";
    let (m, used) = parse_multi_line(raw, &ResponseOptions::strict())
        .ok()
        .unwrap();
    assert_eq!(
        (used, &*m.body.unwrap()),
        (raw.len(), &b"x\n.\nQUIT\r\n"[..])
    );
}

#[test]
fn rfc_examples() {
    // RFC 1939 §§5, 7
    let (r, _) = parse_response(b"+OK 2 320\r\n").ok().unwrap();
    assert_eq!(
        parse_stat(r.text()).unwrap(),
        Stat {
            count: 2,
            size: 320
        }
    );
    let (r, _) = parse_response(b"+OK 2 200\r\n").ok().unwrap();
    assert_eq!(parse_scan_listing(r.text()).unwrap().size, 200);
    let (r, _) = parse_response(b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n")
        .ok()
        .unwrap();
    assert_eq!(
        parse_unique_id_listing(r.text()).unwrap().uid.as_str(),
        "QhdPYR:00WBw1Ph7x7"
    );
    let uidl = b"+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n";
    let (m, _) = parse_multi_line(uidl, &ResponseOptions::strict())
        .ok()
        .unwrap();
    assert_eq!(parse_unique_id_listings(&m.body.unwrap()).unwrap().len(), 2);
    assert!(parse_response(b"-ERR no such message, only 2 messages in maildrop\r\n").is_complete());
    // RFC 2449 §5
    let capa = b"+OK Capability list follows\r\nTOP\r\nUSER\r\nSASL CRAM-MD5 KERBEROS_V4\r\n\
RESP-CODES\r\nLOGIN-DELAY 900\r\nPIPELINING\r\nEXPIRE 60\r\nUIDL\r\n\
IMPLEMENTATION Shlemazle-Plotz-v302\r\n.\r\n";
    let (m, used) = parse_multi_line(capa, &ResponseOptions::strict())
        .ok()
        .unwrap();
    assert_eq!(used, capa.len());
    let body = m.body.unwrap();
    let caps = parse_capabilities(&body).unwrap();
    assert_eq!(caps.list.len(), 9);
    assert!(caps.list.contains(&Capability::Expire {
        policy: Expire::Days(60),
        per_user: false
    }));
    // RFC 2449 §8.1
    let (r, _) = parse_response(b"-ERR [IN-USE] Do you have another POP session running?\r\n")
        .ok()
        .unwrap();
    assert_eq!(r.code(), Some(&RespCode::InUse));
    let (r, _) = parse_response(b"-ERR [LOGIN-DELAY] wait a little longer\r\n")
        .ok()
        .unwrap();
    assert_eq!(r.code(), Some(&RespCode::LoginDelay));
    // RFC 3206 §4
    let (r, _) = parse_response(b"-ERR [SYS/PERM] mailbox corrupt\r\n")
        .ok()
        .unwrap();
    assert_eq!(r.code(), Some(&RespCode::SysPerm));
    // RFC 5034 §6
    let c = b"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n";
    let (cmd, _) = parse_command(c).ok().unwrap();
    assert!(matches!(
        cmd,
        Command::Auth {
            initial_response: Some(_),
            ..
        }
    ));
    let (l, _) = parse_response_line(b"+ \r\n").ok().unwrap();
    assert_eq!(l, ResponseLine::Continuation(Challenge(Text::empty())));
    let ch = b"+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n";
    assert!(matches!(
        parse_response_line(ch),
        Decoded::Complete {
            value: ResponseLine::Continuation(_),
            ..
        }
    ));
    assert!(parse_sasl_line(b"*\r\n", 1000).is_complete());
}

/// RFC 2449 §4 at the boundary: what the constructors take at the limit, the
/// default parsers take; one octet more and the constructor refuses, so the encoder
/// is never asked to write a line the default parser refuses.
#[test]
fn constructors_stop_at_the_limits_the_default_parsers_enforce() {
    let round_trip = |cmd: Command<'static>| {
        let mut wire = BytesMut::new();
        encode_command(&cmd, &mut wire);
        assert_eq!(parse_command(&wire).ok().unwrap(), (cmd, wire.len()));
    };
    // arguments: 40 octets
    round_trip(Command::User(Atom::new("u".repeat(40)).unwrap()));
    assert!(Atom::new("u".repeat(41)).is_err());
    round_trip(Command::Lang(Some(Atom::new("l".repeat(40)).unwrap())));
    round_trip(Command::Apop {
        name: Atom::new("n".repeat(40)).unwrap(),
        digest: ApopDigest::new("c4c9334bac560ecc979e58001b3e22fb").unwrap(),
    });
    // PASS is not exempt: the default parser holds its argument to 40 octets too
    round_trip(Command::Pass(
        Password::new("p p".repeat(13) + "p").unwrap(),
    ));
    assert!(Password::new("p".repeat(41)).is_err());
    let e = parse_command(format!("PASS {}\r\n", "p".repeat(41)).as_bytes())
        .err()
        .unwrap();
    assert_eq!(
        (e.kind, e.offset),
        (DecodeErrorKind::ArgumentTooLong { limit: 40 }, 5)
    );
    // an unknown command: its line, 255 octets with CRLF
    let args = |n: usize| Some(Text::new("a".repeat(n)).unwrap());
    round_trip(Command::Unknown(
        UnknownCommand::new("XTND", args(248)).unwrap(),
    ));
    assert!(UnknownCommand::new("XTND", args(249)).is_err());
    // AUTH: the initial response fits a 255-octet line with a one-letter mechanism
    let ir = "A".repeat(InitialResponse::MAX_LEN);
    round_trip(Command::Auth {
        mechanism: AuthMechanism::parse("X").unwrap(),
        initial_response: Some(InitialResponse::new(ir.clone()).unwrap()),
    });
    assert!(InitialResponse::new(ir + "A").is_err());
    // response lines: 512 octets with status and CRLF
    for (status, text_len) in [(Status::Ok, 506), (Status::Err, 505)] {
        let text = |n: usize| Text::new("t".repeat(n)).unwrap();
        let r = Response::new(status, None, text(text_len)).unwrap();
        let mut wire = BytesMut::new();
        encode_response(&r, &mut wire);
        assert_eq!(wire.len(), 512);
        assert_eq!(parse_response(&wire).ok().unwrap(), (r, 512));
        let longer = Text::new("t".repeat(text_len + 1));
        assert!(longer.is_err() || Response::new(status, None, longer.unwrap()).is_err());
    }
    assert!(Text::new("t".repeat(507)).is_err());
}
