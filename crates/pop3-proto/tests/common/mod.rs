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
