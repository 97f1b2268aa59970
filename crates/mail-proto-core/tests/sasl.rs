//! SASL exchanges: known answers from the RFCs, and client-server pairs per mechanism.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use mail_proto_core::sasl::*;

#[test]
fn cram_md5_rfc2195_example() {
    // RFC 2195 §2: the digest for user tim, password tanstaaftanstaaf.
    let challenge = "<1896.697170952@postoffice.reston.mci.net>";
    assert_eq!(
        hmac_md5_hex(b"tanstaaftanstaaf", challenge.as_bytes()),
        "b913a602c7eda7a495b4e6e7334d3890"
    );
    let mut client = SaslClient::new(Credentials::CramMd5 {
        user: "tim".into(),
        password: "tanstaaftanstaaf".into(),
    });
    assert_eq!(client.initial_response(), None);
    let mut server = SaslServer::new(Mechanism::CramMd5)
        .unwrap()
        .with_cram_md5_challenge(CramMd5Challenge::new(challenge).unwrap());
    let ServerStep::Challenge(c) = server.start(None).unwrap() else {
        panic!()
    };
    // RFC 2195 shows the exchange in base64
    assert_eq!(
        encode_line(&c),
        "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"
    );
    let r = client.respond(&c).unwrap();
    assert_eq!(
        encode_line(&r),
        "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw"
    );
    let ServerStep::Done(creds) = server.step(&r).unwrap() else {
        panic!()
    };
    assert!(creds.verify_cram_md5("tanstaaftanstaaf"));
    assert!(!creds.verify_cram_md5("wrong"));
    assert_eq!(creds.user(), Some("tim"));
}

#[test]
fn hmac_md5_long_key_is_hashed_first() {
    // RFC 2202 test case 6: 80-byte key of 0xaa.
    assert_eq!(
        hmac_md5_hex(
            &[0xaa; 80],
            b"Test Using Larger Than Block-Size Key - Hash Key First"
        ),
        "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd"
    );
}

#[test]
fn plain_rfc4616_examples() {
    let mut server = SaslServer::new(Mechanism::Plain).unwrap();
    let step = server.start(Some(b"\0tim\0tanstaaftanstaaf")).unwrap();
    assert_eq!(
        step,
        ServerStep::Done(Credentials::Plain {
            authzid: None,
            authcid: "tim".into(),
            password: "tanstaaftanstaaf".into()
        })
    );
    let mut server = SaslServer::new(Mechanism::Plain).unwrap();
    let ServerStep::Done(Credentials::Plain { authzid, .. }) =
        server.start(Some(b"Ursel\0Kurt\0xipj3plmq")).unwrap()
    else {
        panic!()
    };
    assert_eq!(authzid.as_deref(), Some("Ursel"));
    for bad in [&b"tim\0pw"[..], b"\0\0pw", b"a\0b\0c\0d", b"\0tim\0"] {
        let mut server = SaslServer::new(Mechanism::Plain).unwrap();
        assert!(
            matches!(server.start(Some(bad)), Err(SaslError::Malformed { .. })),
            "{bad:?}"
        );
    }
}

/// Runs a full exchange between a client and a server.
fn pair(creds: Credentials, use_ir: bool) -> Credentials {
    let mut client = SaslClient::new(creds);
    let mut server = SaslServer::new(client.mechanism()).unwrap();
    let ir = if use_ir {
        client.initial_response()
    } else {
        None
    };
    let mut step = server.start(ir.as_deref()).unwrap();
    for _ in 0..5 {
        match step {
            ServerStep::Done(c) => return c,
            ServerStep::Challenge(ch) => {
                // through base64, as on the wire
                let line = encode_line(&ch);
                let Response::Data(ch) = decode_line(line.as_bytes()).unwrap() else {
                    panic!()
                };
                let resp = client.respond(&ch).unwrap();
                let line = encode_line(&resp);
                let Response::Data(resp) = decode_line(line.as_bytes()).unwrap() else {
                    panic!()
                };
                step = server.step(&resp).unwrap();
            }
        }
    }
    panic!("exchange did not finish");
}

#[test]
fn every_mechanism_round_trips_with_and_without_initial_response() {
    let all = vec![
        Credentials::Plain {
            authzid: Some("admin".into()),
            authcid: "tim".into(),
            password: "pw".into(),
        },
        Credentials::Login {
            user: "tim".into(),
            password: "secret".into(),
        },
        Credentials::XOAuth2 {
            user: "someuser@example.com".into(),
            token: "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg".into(),
        },
        Credentials::OAuthBearer {
            authzid: Some("user,=x@example.com".into()),
            host: Some("server.example.com".into()),
            port: Some(587),
            token: "vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg==".into(),
        },
        Credentials::External {
            authzid: Some("who".into()),
        },
        Credentials::Anonymous {
            trace: Some("sirhc".into()),
        },
    ];
    for creds in all {
        for ir in [true, false] {
            assert_eq!(pair(creds.clone(), ir), creds, "ir={ir}");
        }
    }
}

#[test]
fn xoauth2_wire_format() {
    let mut c = SaslClient::new(Credentials::XOAuth2 {
        user: "someuser@example.com".into(),
        token: "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg".into(),
    });
    // Google's documented example
    assert_eq!(
        encode_line(&c.initial_response().unwrap()),
        "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ=="
    );
    // the error challenge is answered with an empty response
    assert_eq!(c.respond(b"{\"status\":\"401\"}").unwrap(), b"");
}

#[test]
fn base64_lines_and_cancel() {
    assert_eq!(decode_line(b"*").unwrap(), Response::Cancel);
    assert_eq!(decode_line(b"=").unwrap(), Response::Data(vec![]));
    assert_eq!(
        decode_line(b"dGVzdA==").unwrap(),
        Response::Data(b"test".to_vec())
    );
    assert_eq!(
        decode_line(b"dGV*dA==").unwrap_err(),
        SaslError::Base64 { offset: 3 }
    );
    assert!(decode_line(b"dGVzdA").is_err(), "padding is required");
}

#[test]
fn mechanism_names() {
    assert_eq!(Mechanism::parse("cram-md5").unwrap(), Mechanism::CramMd5);
    assert!(matches!(
        Mechanism::parse("x-custom_1").unwrap(),
        Mechanism::Other(name) if name.as_str() == "X-CUSTOM_1"
    ));
    assert_eq!(
        Mechanism::parse("SCRAM-SHA-256-PLUS").unwrap().as_str(),
        "SCRAM-SHA-256-PLUS"
    );
    for bad in ["", "PLAIN LOGIN", "A23456789012345678901", "PL\u{e9}IN"] {
        assert!(Mechanism::parse(bad).is_err(), "{bad:?}");
    }
    assert!(SaslServer::new(Mechanism::ScramSha256).is_err());
    // secrets never show in Debug output
    let c = Credentials::Login {
        user: "u".into(),
        password: "hunter2".into(),
    };
    assert!(!format!("{c:?}").contains("hunter2"));
}

#[test]
fn cram_md5_without_a_challenge_is_an_error_not_a_fixed_one() {
    let mut server = SaslServer::new(Mechanism::CramMd5).unwrap();
    assert_eq!(server.start(None), Err(SaslError::MissingChallenge));
    let mut server = SaslServer::new(Mechanism::CramMd5)
        .unwrap()
        .with_cram_md5_challenge(CramMd5Challenge::new("<1.2@x>").unwrap());
    assert_eq!(
        server.start(Some(b"tim abc")),
        Err(SaslError::UnexpectedInitialResponse("CRAM-MD5"))
    );
}

#[test]
fn cram_md5_digest_check_accepts_upper_case_and_refuses_malformed_digests() {
    let challenge = "<1896.697170952@postoffice.reston.mci.net>";
    let creds = |digest: &str| Credentials::CramMd5Response {
        user: "tim".into(),
        challenge: challenge.into(),
        digest: digest.into(),
    };
    assert!(creds("B913A602C7EDA7A495B4E6E7334D3890").verify_cram_md5("tanstaaftanstaaf"));
    for bad in [
        "b913a602c7eda7a495b4e6e7334d389",
        "b913a602c7eda7a495b4e6e7334d38900",
        "g913a602c7eda7a495b4e6e7334d3890",
        "b913a602c7eda7a495b4e6e7334d3891",
        "",
    ] {
        assert!(!creds(bad).verify_cram_md5("tanstaaftanstaaf"), "{bad}");
    }
}

#[test]
fn debug_never_prints_secrets() {
    let all = [
        Credentials::Plain {
            authzid: None,
            authcid: "alice".into(),
            password: "hunter2".into(),
        },
        Credentials::Login {
            user: "alice".into(),
            password: "hunter2".into(),
        },
        Credentials::XOAuth2 {
            user: "alice".into(),
            token: "hunter2".into(),
        },
        Credentials::CramMd5Response {
            user: "alice".into(),
            challenge: "<c>".into(),
            digest: "hunter2".into(),
        },
    ];
    for c in &all {
        let shown = format!("{c:?} {:?}", c.secret());
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(c.secret().map(Secret::expose), Some("hunter2"));
    }
    let step = ServerStep::Done(all[0].clone());
    assert!(!format!("{step:?}").contains("hunter2"));
}

use mail_proto_core::Secret;

/// Runs a whole exchange at the line level: the client's lines as the protocol
/// carries them, the server's challenge lines back.
fn line_exchange(credentials: Credentials, cram: Option<&str>) -> Credentials {
    let mut client = SaslClient::new(credentials);
    let initial = client.initial_response_line();
    let cram = cram.map(|c| CramMd5Challenge::new(c).unwrap());
    let (mut server, mut next) = ServerExchange::start(
        client.mechanism(),
        initial.as_deref().map(str::as_bytes),
        cram.as_ref(),
    )
    .unwrap();
    for _ in 0..4 {
        match next {
            ServerLine::Done(c) => return c,
            ServerLine::Challenge(challenge) => {
                let answer = client.respond_line(challenge.as_bytes()).unwrap();
                next = server.step(answer.as_bytes()).unwrap();
            }
        }
    }
    panic!("exchange did not finish")
}

#[test]
fn line_level_exchanges_for_every_mechanism() {
    let got = line_exchange(
        Credentials::Plain {
            authzid: None,
            authcid: "tim".into(),
            password: "pw x".into(),
        },
        None,
    );
    assert_eq!(got.user(), Some("tim"));
    assert_eq!(got.secret().unwrap().expose(), "pw x");
    let got = line_exchange(
        Credentials::Login {
            user: "tim".into(),
            password: "pw".into(),
        },
        None,
    );
    assert_eq!(got.secret().unwrap().expose(), "pw");
    let got = line_exchange(
        Credentials::CramMd5 {
            user: "tim".into(),
            password: "tanstaaftanstaaf".into(),
        },
        Some("<1896.697170952@postoffice.reston.mci.net>"),
    );
    assert!(got.verify_cram_md5("tanstaaftanstaaf"));
    let got = line_exchange(
        Credentials::XOAuth2 {
            user: "a@b.c".into(),
            token: "ya29.tok".into(),
        },
        None,
    );
    assert_eq!(got.secret().unwrap().expose(), "ya29.tok");
    let got = line_exchange(
        Credentials::OAuthBearer {
            authzid: Some("a,b=c".into()),
            host: Some("imap.example.com".into()),
            port: Some(993),
            token: "t".into(),
        },
        None,
    );
    assert_eq!(got.user(), Some("a,b=c"));
    let got = line_exchange(Credentials::External { authzid: None }, None);
    assert_eq!(got, Credentials::External { authzid: None });
}

#[test]
fn line_level_cancel_and_bad_base64() {
    let (mut server, first) = ServerExchange::start(Mechanism::Login, None, None).unwrap();
    assert_eq!(first, ServerLine::Challenge("VXNlcm5hbWU6".into()));
    assert_eq!(server.step(b"*"), Err(SaslError::Cancelled));
    let (mut server, _) = ServerExchange::start(Mechanism::Login, None, None).unwrap();
    assert!(matches!(
        server.step(b"d!m"),
        Err(SaslError::Base64 { offset: 1 })
    ));
    assert_eq!(
        ServerExchange::start(Mechanism::Plain, Some(b"*"), None).err(),
        Some(SaslError::Cancelled)
    );
    // `=` is an empty initial response: PLAIN then fails on its content, not base64
    assert!(matches!(
        ServerExchange::start(Mechanism::Plain, Some(b"="), None),
        Err(SaslError::Malformed { .. })
    ));
}

#[test]
fn a_cram_md5_challenge_is_checked_when_made() {
    let ok = CramMd5Challenge::new("<1896.697170952@postoffice.reston.mci.net>").unwrap();
    assert_eq!(ok.as_str(), "<1896.697170952@postoffice.reston.mci.net>");
    for bad in [
        "1.2@x",
        "<1.2@x",
        "<@x>",
        "<1.2@>",
        "<1 2@x>",
        "<1<2@x>",
        "<1.2@x>\r\n",
    ] {
        assert!(CramMd5Challenge::new(bad).is_err(), "{bad:?}");
    }
    // the longest fits a 512-octet `+ ` or `334 ` line once base64-encoded
    let longest = format!("<{}@x>", "1".repeat(CramMd5Challenge::MAX_LEN - 4));
    assert_eq!(longest.len(), CramMd5Challenge::MAX_LEN);
    assert!(CramMd5Challenge::new(longest.clone()).is_ok());
    assert!(longest.len().div_ceil(3) * 4 + "334 ".len() + 2 <= 512);
    let over = format!("<1{}", &longest[1..]);
    assert_eq!(over.len(), CramMd5Challenge::MAX_LEN + 1);
    assert!(CramMd5Challenge::new(over).is_err(), "one octet over");
}
