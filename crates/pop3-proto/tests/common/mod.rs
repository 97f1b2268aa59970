//! Strategies the codec and property tests share.
#![allow(dead_code)]

use pop3_proto::*;
use proptest::prelude::*;

/// Every known response code, and unknown ones: any `rchar` levels joined by `/`
/// (RFC 2449 §8), and one that holds what looks like a msg-id.
pub fn resp_code() -> impl Strategy<Value = RespCode<'static>> {
    prop_oneof![
        Just(RespCode::InUse),
        Just(RespCode::LoginDelay),
        Just(RespCode::SysTemp),
        Just(RespCode::SysPerm),
        Just(RespCode::Auth),
        Just(RespCode::Utf8),
        // rchar = %x21-2E / %x30-5C / %x5E-7F, levels joined by "/"
        "[!-.0-\\\\^-~]{1,8}(/[!-.0-\\\\^-~]{1,8}){0,2}"
            .prop_filter("a known code", |c| {
                ![
                    "IN-USE",
                    "LOGIN-DELAY",
                    "SYS/TEMP",
                    "SYS/PERM",
                    "AUTH",
                    "UTF8",
                ]
                .iter()
                .any(|k| k.eq_ignore_ascii_case(c))
            })
            .prop_map(|c| RespCode::Other(ExtCode::new(c).unwrap())),
        // a code may hold what looks like a msg-id; it is no APOP timestamp
        "X-<[a-z0-9.]{1,8}@[a-z]{1,8}>".prop_map(|c| RespCode::Other(ExtCode::new(c).unwrap())),
    ]
}

/// Words near the `known` ones: a known word with its letters in any case (which
/// a constructor must refuse), or with one letter added, dropped or changed, which
/// it must take.
pub fn near(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        proptest::sample::select(known),
        any::<u64>(),
        0u8..5,
        "[A-Za-z0-9*é-]",
        any::<proptest::sample::Index>(),
    )
        .prop_map(|(k, case, edit, c, i)| {
            let mut s: String = k
                .chars()
                .enumerate()
                .map(|(n, ch)| {
                    if case >> n & 1 == 1 {
                        ch.to_ascii_lowercase()
                    } else {
                        ch
                    }
                })
                .collect();
            match edit {
                0 => {}
                1 => s.insert_str(i.index(s.len() + 1), &c),
                2 => {
                    s.remove(i.index(s.len()));
                }
                3 => {
                    let j = i.index(s.len());
                    s.replace_range(j..=j, &c);
                }
                _ => s.push_str(&c),
            }
            s
        })
}

/// True if `word` is one of `known` in any case.
pub fn is_known(known: &[&str], word: &str) -> bool {
    known.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// Unknown commands: keywords near the known ones (and any word), arguments of any
/// printable text; only what [`UnknownCommand::new`] takes.
pub fn unknown_command() -> impl Strategy<Value = Command<'static>> {
    (
        prop_oneof![near(&KNOWN_KEYWORDS), "[!-~é]{1,8}"],
        proptest::option::of("[ -~é]{0,250}"),
    )
        .prop_filter_map("a known keyword or a line past 255 octets", |(k, a)| {
            let args = a.map(|a| Text::new(a).unwrap());
            UnknownCommand::new(k, args).ok().map(Command::Unknown)
        })
}

/// Other capabilities: tags near the known ones (and any word), any arguments; only
/// what [`OtherCapability::new`] takes.
pub fn other_capability() -> impl Strategy<Value = Capability<'static>> {
    (
        prop_oneof![near(&KNOWN_CAPABILITY_TAGS), "[!-~é]{1,14}"],
        proptest::collection::vec("[!-~é]{1,10}", 0..4),
    )
        .prop_filter_map("a known tag", |(name, args)| {
            let args = args.into_iter().map(|a| Atom::new(a).unwrap()).collect();
            OtherCapability::new(name, args).ok().map(Capability::Other)
        })
}
