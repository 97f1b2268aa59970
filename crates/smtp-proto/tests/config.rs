//! Server configuration and capabilities are validated when built: a bad host name,
//! greeting, CRAM-MD5 challenge or capability is refused at construction with its
//! own error, every constructed configuration's EHLO reply carries every capability
//! line, and every reply written from configuration is well-formed and the one the
//! session calls for.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use proptest::prelude::*;
use smtp_proto::server::{CramMd5Challenge, Hostname, Server, ServerConfig};
use smtp_proto::*;

fn refused(r: Result<impl std::fmt::Debug, InvalidValue>) -> (&'static str, &'static str) {
    let e = r.expect_err("refused");
    (e.what(), e.reason())
}

#[test]
fn a_bad_host_name_is_refused_when_the_config_is_built() {
    for bad in [
        "mx\r\n250 forged",
        "mx example.com",
        "",
        "mx.",
        "-mx.example.com",
        "m\u{fc}ller.example",
        "2.0.0",
        "192.0.2.1",
        "[192.0.2.1]",
    ] {
        assert_eq!(refused(ServerConfig::new(bad)).0, "host name", "{bad:?}");
        assert_eq!(refused(Hostname::new(bad)).0, "host name", "{bad:?}");
    }
    let long_label = format!("{}.example", "a".repeat(64));
    assert_eq!(
        refused(Hostname::new(long_label)),
        (
            "host name",
            "longer than 255 octets or a label longer than 63"
        )
    );
    let long = [
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(64),
    ]
    .join(".");
    assert!(Hostname::new(long).is_err());
    for good in [
        "mx",
        "mx.example.com",
        "xn--mller-kva.example",
        "mx1.2xample.com",
    ] {
        assert_eq!(ServerConfig::new(good).unwrap().hostname.as_str(), good);
    }
}

#[test]
fn a_bad_greeting_is_refused_when_the_config_is_built() {
    let config = ServerConfig::new("mx").unwrap();
    assert_eq!(
        refused(ReplyText::new("hi\r\n250 forged")),
        ("reply text", "holds a control character")
    );
    assert_eq!(refused(ReplyText::new("nul\0")).0, "reply text");
    assert_eq!(
        refused(ReplyText::new("x".repeat(251))).1,
        "longer than 250 octets, too long for a reply line"
    );
    let ok = config.with_greeting(ReplyText::new("ESMTP\tready caf\u{e9}").unwrap());
    assert_eq!(ok.greeting.as_str(), "ESMTP\tready caf\u{e9}");
}

#[test]
fn a_bad_cram_md5_challenge_is_refused_when_the_config_is_built() {
    let config = ServerConfig::new("mx").unwrap();
    for (bad, reason) in [
        ("1.2@mx", "not enclosed in '<' and '>'"),
        ("<1.2@mx", "not enclosed in '<' and '>'"),
        (
            "<1 2@mx>",
            "holds a space, a control character or '<' '>' inside",
        ),
        ("<1.2@mx>\r\n", "not enclosed in '<' and '>'"),
        (
            "<1.<2@mx>",
            "holds a space, a control character or '<' '>' inside",
        ),
        ("<1.2>", "not of the form <local@domain>"),
        ("<@mx>", "not of the form <local@domain>"),
        ("<1.2@>", "not of the form <local@domain>"),
    ] {
        assert_eq!(
            refused(CramMd5Challenge::new(bad)),
            ("CRAM-MD5 challenge", reason),
            "{bad:?}"
        );
    }
    let long = format!("<{}@mx>", "1".repeat(CramMd5Challenge::MAX_LEN));
    assert!(CramMd5Challenge::new(long).is_err());
    let ok = CramMd5Challenge::new("<1896.697170952@postoffice.reston.mci.net>").unwrap();
    // and the builder offers CRAM-MD5 with it
    let config = config.with_cram_md5_challenge(ok.clone());
    assert_eq!(config.cram_md5_challenge, Some(ok));
    assert!(config.capabilities.auth.contains(&Mechanism::CramMd5));
}

/// Before these types, a keyword holding a space wrote `250 X-FOO BAR a b` (read back
/// as keyword `X-FOO`), and one holding CRLF made the whole EHLO reply collapse to
/// `250 mx`, every capability silently dropped.
#[test]
fn a_bad_capability_is_refused_when_built() {
    assert_eq!(
        refused(EhloKeyword::new("X-FOO BAR")),
        ("EHLO keyword", "not an ehlo-keyword")
    );
    assert_eq!(
        refused(EhloKeyword::new("X-FOO\r\n250-EVIL")).0,
        "EHLO keyword"
    );
    assert_eq!(refused(EhloKeyword::new("")).0, "EHLO keyword");
    assert_eq!(refused(EhloParam::new("a b")).0, "EHLO parameter");
    assert_eq!(refused(EhloParam::new("a\r\nb")).0, "EHLO parameter");
    assert_eq!(refused(EhloParam::new("caf\u{e9}")).0, "EHLO parameter");
    assert_eq!(
        refused(Extension::from_words("X-FOO", &["a b"])).0,
        "EHLO parameter"
    );
    assert_eq!(
        refused(Extension::from_words("size", &["10"])),
        ("EHLO keyword", "has its own field in Capabilities")
    );
    let many: Vec<String> = (0..100).map(|i| format!("param{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(
        refused(Extension::from_words("X-MANY", &many)),
        ("EHLO line", "too long for a reply line")
    );
    assert_eq!(
        refused(MtPriorityPolicy::new("MIXER 2")).0,
        "MT-PRIORITY policy"
    );
    assert_eq!(
        refused(MtPriorityPolicy::new(&"M".repeat(65))).0,
        "MT-PRIORITY policy"
    );
    let week = HoldFor::new(604_800).unwrap();
    for bad in [
        "2026-12-14",
        "2026-12-14 00:00:00Z",
        "2026-13-14T00:00:00Z",
        "2026-12-14T24:00:00Z",
        "2026-12-14T00:00:00",
        "2026-12-14T00:00:00.Z",
        "2026-12-14T00:00:00+0100",
    ] {
        assert_eq!(
            refused(FutureRelease::new(week, bad)),
            ("FUTURERELEASE date-time", "not an RFC 3339 date-time"),
            "{bad}"
        );
    }
    for good in [
        "2026-12-14T00:00:00Z",
        "2026-12-14t23:59:60.123z",
        "2026-12-14T00:00:00-05:30",
    ] {
        assert!(FutureRelease::new(week, good).is_ok(), "{good}");
    }
}

fn ehlo(config: ServerConfig) -> Vec<u8> {
    let mut s = Server::new(config, Instant::now());
    let (_, out) = drive_server(&mut s, b"EHLO client.example\r\n", 1000, &mut vec![]);
    out
}

#[test]
fn every_extension_is_its_own_line() {
    let mut c = ServerConfig::new("mx").unwrap();
    c.capabilities = Capabilities::default();
    c.capabilities.other = vec![
        Extension::from_words("X-EXPS", &["GSSAPI", "NTLM"]).unwrap(),
        Extension::from_words("xrdst", &[]).unwrap(),
    ];
    c.capabilities.mt_priority = Some(Some(MtPriorityPolicy::new("MIXER").unwrap()));
    c.capabilities.future_release = Some(Some(
        FutureRelease::new(HoldFor::new(604_800).unwrap(), "2026-12-14T00:00:00Z").unwrap(),
    ));
    assert_eq!(
        String::from_utf8(ehlo(c)).unwrap(),
        "220 mx ESMTP\r\n250-mx\r\n250-MT-PRIORITY MIXER\r\n\
         250-FUTURERELEASE 604800 2026-12-14T00:00:00Z\r\n250-X-EXPS GSSAPI NTLM\r\n250 XRDST\r\n"
    );
}

#[test]
fn many_auth_mechanisms_split_over_auth_lines_within_512_octets() {
    let mut c = ServerConfig::new("mx").unwrap().allow_auth_without_tls();
    c.capabilities = Capabilities::default();
    let names: Vec<String> = (0..60).map(|i| format!("X-MECHANISM-{i:02}")).collect();
    c.capabilities.auth = names.iter().map(|n| Mechanism::parse(n).unwrap()).collect();
    // a name from outside the SASL grammar cannot be made at all
    assert!(Mechanism::parse("BAD\r\n250 FORGED").is_err());
    c.capabilities.auth.push(Mechanism::Plain);
    c.capabilities.auth.push(Mechanism::Plain);
    let out = ehlo(c.clone());
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.split("\r\n").all(|l| l.len() + 2 <= 512), "{text}");
    assert!(
        text.split("\r\n")
            .filter(|l| l.starts_with("250-AUTH") || l.starts_with("250 AUTH"))
            .count()
            > 1
    );
    assert!(!text.contains("FORGED"));
    let greeting = text.find("\r\n").unwrap() + 2;
    let (parsed, _) = parse_ehlo(&out[greeting..]).ok().unwrap();
    let mut want: Vec<Mechanism> = names.iter().map(|n| Mechanism::parse(n).unwrap()).collect();
    want.push(Mechanism::Plain);
    assert_eq!(parsed.capabilities.auth, want);
}

#[test]
fn core_types_are_usable_through_smtp_proto_alone() {
    let mut c = ServerConfig::new("mx").unwrap();
    c.bare_line_endings = smtp_proto::BareLineEndings::Reject;
    assert_eq!(c.bare_line_endings, smtp_proto::BareLineEndings::Reject);
    let status: smtp_proto::Decoded<u8, DecodeError> = smtp_proto::Decoded::Incomplete;
    assert!(status.is_incomplete());
    let _announced: Option<smtp_proto::LiteralAnnouncement> = None;
    let Decoded::Failed(e) = parse_reply(b"2x0 no\r\n") else {
        panic!("refused")
    };
    let excerpt: &smtp_proto::Excerpt = &e.excerpt;
    assert!(!excerpt.to_string().is_empty());
    let _secret = smtp_proto::Secret::new("pw".to_string());
    let smtp_proto::Mechanism::Other(name) = smtp_proto::Mechanism::parse("X-MINE").unwrap() else {
        panic!("an unknown mechanism")
    };
    let _: &smtp_proto::MechanismName = &name;
    let _: Option<smtp_proto::Credentials> = None;
}

fn label() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?"
}

fn hostname() -> impl Strategy<Value = Hostname> {
    (
        prop::collection::vec(label(), 0..4),
        "[a-z]([a-z0-9-]{0,60}[a-z0-9])?",
    )
        .prop_map(|(mut labels, last)| {
            labels.push(last);
            Hostname::new(labels.join(".")).unwrap()
        })
}

fn greeting() -> impl Strategy<Value = ReplyText> {
    prop_oneof![
        "[ -~\t]{0,250}",
        "[ -~\u{e9}\u{4e2d}]{0,80}",
        Just("2.0.0 looks like an enhanced code".to_string()),
    ]
    .prop_map(|t| ReplyText::new(t).unwrap())
}

fn extension() -> impl Strategy<Value = Extension> {
    // no '=' in a parameter: a client reads `=` as a separator (the AUTH=LOGIN tolerance)
    (
        "[A-Za-z0-9][A-Za-z0-9-]{0,15}",
        prop::collection::vec("[!-<>-~]{1,12}", 0..4),
    )
        .prop_filter_map("a keyword with its own field", |(k, params)| {
            let params: Vec<&str> = params.iter().map(String::as_str).collect();
            Extension::from_words(&k, &params).ok()
        })
}

fn mechanisms() -> impl Strategy<Value = Vec<Mechanism>> {
    let all = [
        "PLAIN",
        "LOGIN",
        "CRAM-MD5",
        "XOAUTH2",
        "OAUTHBEARER",
        "EXTERNAL",
        "SCRAM-SHA-256",
        "X-OTHER_1",
    ];
    prop::sample::subsequence(all.to_vec(), 0..all.len())
        .prop_map(|names| names.iter().map(|n| Mechanism::parse(n).unwrap()).collect())
}

prop_compose! {
    fn capabilities()(
        flags in prop::collection::vec(any::<bool>(), 10),
        size in prop::option::of(prop::option::of(1u64..)),
        deliver_by in prop::option::of(prop::option::of(1u64..)),
        auth in mechanisms(),
        mt_priority in prop::option::of(prop::option::of(
            "[!-<>-~]{1,64}".prop_map(|p| MtPriorityPolicy::new(&p).unwrap()))),
        future_release in prop::option::of(prop::option::of(
            (1u32..=999_999_999, 1000u32..9999, 1u32..=12, 1u32..=28, 0u32..24)
                .prop_map(|(i, y, m, d, h)| FutureRelease::new(
                    HoldFor::new(i).unwrap(),
                    &format!("{y:04}-{m:02}-{d:02}T{h:02}:00:00Z"),
                ).unwrap()))),
        other in prop::collection::vec(extension(), 0..4),
    ) -> Capabilities {
        let mut c = Capabilities::default();
        c.pipelining = flags[0];
        c.eight_bit_mime = flags[1];
        c.binary_mime = flags[2];
        c.chunking = flags[3];
        c.smtputf8 = flags[4];
        c.dsn = flags[5];
        c.enhanced_status_codes = flags[6];
        c.starttls = flags[7];
        c.requiretls = flags[8];
        c.size = size;
        c.deliver_by = deliver_by;
        c.auth = auth;
        c.mt_priority = mt_priority;
        c.future_release = future_release;
        c.other = other;
        c
    }
}

prop_compose! {
    fn config()(
        host in hostname(),
        greeting in greeting(),
        caps in capabilities(),
        challenge in "[!-;=?-~]{1,60}",
    ) -> ServerConfig {
        let challenge = format!("<{challenge}@{host}>");
        let mut c = ServerConfig::for_hostname(host).allow_auth_without_tls();
        c.greeting = greeting;
        c.capabilities = caps;
        if challenge.len() <= CramMd5Challenge::MAX_LEN {
            c.cram_md5_challenge = Some(CramMd5Challenge::new(challenge).unwrap());
        }
        c.timeout = Duration::from_secs(60);
        c
    }
}

/// Replies as `(code, text of each line)`, and each wire line's length with CRLF.
fn replies(mut wire: &[u8]) -> Vec<(u16, Vec<String>)> {
    let mut out = Vec::new();
    for line in wire.split(|b| *b == b'\n') {
        assert!(line.len() < 512, "a reply line over 512 octets");
    }
    while !wire.is_empty() {
        let (r, used) = parse_reply(wire).ok().expect("a well-formed reply");
        let lines = r.lines().iter().map(|l| l.to_string()).collect();
        out.push((r.code().get(), lines));
        wire = &wire[used..];
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The EHLO reply of every constructed configuration names the host first, then
    /// writes exactly `to_lines()`, and a client reads the same capabilities back.
    #[test]
    fn the_ehlo_reply_carries_every_capability_line(config in config()) {
        let host = config.hostname.clone();
        let greeting = config.greeting.clone();
        let mut offered = config.capabilities.clone();
        if config.cram_md5_challenge.is_none() {
            offered.auth.retain(|m| *m != Mechanism::CramMd5);
        }
        let out = ehlo(config);
        let r = replies(&out);
        prop_assert_eq!(r.len(), 2);
        let want = format!("{host} {greeting}");
        prop_assert_eq!(&r[0], &(220, vec![want.trim_end().to_string()]));
        let mut lines = vec![host.to_string()];
        lines.extend(offered.to_lines().iter().map(|l| l.to_string()));
        prop_assert_eq!(&r[1], &(250, lines));
        let at = out.iter().position(|b| *b == b'\n').unwrap() + 1;
        let (parsed, _) = parse_ehlo(&out[at..]).ok().unwrap();
        prop_assert_eq!(parsed.domain, host.to_string());
        prop_assert_eq!(parsed.capabilities, offered);
    }

    /// Greeting, EHLO, HELO, AUTH CRAM-MD5 and LOGIN challenges, DATA, BDAT and the
    /// timeout: every reply built from configuration is well-formed, within 512
    /// octets a line, and the one the session calls for.
    #[test]
    fn every_reply_from_configuration_is_well_formed_and_the_expected_one(config in config()) {
        let t0 = Instant::now();
        let mut config = config;
        config.capabilities.chunking = true;
        config.capabilities.size = None;
        config.capabilities.auth = vec![Mechanism::CramMd5, Mechanism::Login];
        let cram = config.cram_md5_challenge.is_some();
        let mut s = Server::new(config, t0);
        let input = b"EHLO c\r\nHELO c\r\nAUTH CRAM-MD5\r\n*\r\nAUTH LOGIN\r\n*\r\n\
            MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nBDAT 3\r\nabcDATA\r\nRSET\r\n\
            MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nhi\r\n.\r\n";
        let (_, mut out) = drive_server(&mut s, input, 7, &mut vec![]);
        s.handle_timeout(t0 + Duration::from_secs(3600));
        while let Some(b) = s.poll_transmit(t0) {
            out.extend_from_slice(&b);
        }
        let codes: Vec<u16> = replies(&out).iter().map(|r| r.0).collect();
        // without a challenge CRAM-MD5 is not offered (504), and `*` is then a bad verb
        let cram_codes: &[u16] = if cram { &[334, 501] } else { &[504, 500] };
        let mut want = vec![220, 250, 250];
        want.extend_from_slice(cram_codes);
        want.extend_from_slice(&[334, 501, 250, 250, 250, 503, 250, 250, 250, 354, 250, 421]);
        prop_assert_eq!(codes, want);
    }
}

#[test]
fn the_longest_host_name_and_greeting_stay_within_512_octets() {
    let host = [
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(63),
    ]
    .join(".");
    assert_eq!(host.len(), 255);
    let challenge = format!(
        "<{}@{host}>",
        "1".repeat(CramMd5Challenge::MAX_LEN - host.len() - 3)
    );
    let mut c = ServerConfig::new(host.as_str())
        .unwrap()
        .with_greeting(ReplyText::new("g".repeat(ReplyText::MAX_LEN)).unwrap())
        .with_cram_md5_challenge(CramMd5Challenge::new(challenge).unwrap())
        .allow_auth_without_tls();
    c.capabilities.auth = vec![Mechanism::CramMd5];
    let t0 = Instant::now();
    let mut s = Server::new(c, t0);
    let (_, mut out) = drive_server(&mut s, b"EHLO c\r\nAUTH CRAM-MD5\r\n", 1000, &mut vec![]);
    s.handle_timeout(t0 + Duration::from_secs(3600));
    while let Some(b) = s.poll_transmit(t0) {
        out.extend_from_slice(&b);
    }
    let r = replies(&out);
    let codes: Vec<u16> = r.iter().map(|r| r.0).collect();
    assert_eq!(codes, vec![220, 250, 334, 421]);
    let longest = out
        .split(|b| *b == b'\n')
        .map(|l| l.len() + 1)
        .max()
        .unwrap();
    assert_eq!(longest, 512, "the greeting uses the whole line");
}
