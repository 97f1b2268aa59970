//! The sizes of the hot FETCH types (a regression here costs every parsed response
//! memory traffic), and the shared-allocation containers behind them.
#![allow(clippy::unwrap_used)]

use std::mem::size_of;

use imap_proto::*;

#[test]
fn hot_types_stay_small() {
    // 16 on rustc 1.95 (the box sits in the slice's length slot); never more than
    // a slice and a tag
    assert!(
        size_of::<IString<'_>>() <= 24,
        "{}",
        size_of::<IString<'_>>()
    );
    assert!(
        size_of::<NString<'_>>() <= 24,
        "{}",
        size_of::<NString<'_>>()
    );
    assert!(
        size_of::<Address<'_>>() <= 96,
        "{}",
        size_of::<Address<'_>>()
    );
    assert!(
        size_of::<Envelope<'_>>() <= 152,
        "{}",
        size_of::<Envelope<'_>>()
    );
    assert!(size_of::<Params<'_>>() <= 56, "{}", size_of::<Params<'_>>());
    assert!(
        size_of::<BodyExtData<'_>>() <= 16,
        "{}",
        size_of::<BodyExtData<'_>>()
    );
    assert!(
        size_of::<BodyStructure<'_>>() <= 256,
        "{}",
        size_of::<BodyStructure<'_>>()
    );
}

fn addr(mailbox: &'static str) -> Address<'static> {
    Address {
        name: None,
        adl: None,
        mailbox: Some(IString::from(mailbox)),
        host: Some(IString::from("example.org")),
    }
}

fn names(list: &[Address<'_>]) -> Vec<String> {
    list.iter()
        .map(|a| String::from_utf8_lossy(a.mailbox.as_ref().unwrap().as_bytes()).into_owned())
        .collect()
}

#[test]
fn envelope_lists_are_independent() {
    let mut env = Envelope::new()
        .with_addresses(AddressField::Cc, [addr("c1"), addr("c2")])
        .with_addresses(AddressField::From, [addr("f")])
        .with_addresses(AddressField::Bcc, [addr("b")]);
    assert_eq!(names(env.from()), ["f"]);
    assert!(env.sender().is_empty() && env.reply_to().is_empty() && env.to().is_empty());
    assert_eq!(names(env.cc()), ["c1", "c2"]);
    assert_eq!(names(env.bcc()), ["b"]);
    // shrink one in the middle, grow the first: the others do not move
    env.set_addresses(AddressField::Cc, [addr("c3")]);
    env.set_addresses(AddressField::From, [addr("f1"), addr("f2"), addr("f3")]);
    env.set_addresses(AddressField::To, [addr("t")]);
    assert_eq!(names(env.from()), ["f1", "f2", "f3"]);
    assert_eq!(names(env.to()), ["t"]);
    assert_eq!(names(env.cc()), ["c3"]);
    assert_eq!(names(env.bcc()), ["b"]);
    env.set_addresses(AddressField::From, []);
    assert!(env.from().is_empty());
    assert_eq!(names(env.addresses(AddressField::To)), ["t"]);
    assert_eq!(names(env.bcc()), ["b"]);
    // equal whatever order the lists were set in
    let same = Envelope::new()
        .with_addresses(AddressField::Bcc, [addr("b")])
        .with_addresses(AddressField::To, [addr("t")])
        .with_addresses(AddressField::Cc, [addr("c3")]);
    assert_eq!(env, same);
}

#[test]
fn params_inline_and_spilled_are_one_value() {
    let mut p = Params::new();
    assert!(p.is_empty());
    p.push("CHARSET".into(), "UTF-8".into());
    assert_eq!(p.len(), 1);
    assert_eq!(p.get("charset").map(|v| v.as_bytes()), Some(&b"UTF-8"[..]));
    p.push("FORMAT".into(), "flowed".into());
    assert_eq!(p.len(), 2);
    assert_eq!(p[1].1.as_bytes(), b"flowed");
    let from_vec = Params::from(vec![
        (IString::from("CHARSET"), IString::from("UTF-8")),
        (IString::from("FORMAT"), IString::from("flowed")),
    ]);
    assert_eq!(p, from_vec);
    let back: Vec<_> = p.clone().into_iter().collect();
    assert_eq!(back.len(), 2);
    assert_eq!(p.into_owned(), from_vec);
    assert!(Params::from(Vec::new()).is_empty());
}

#[test]
fn istring_equality_ignores_how_bytes_are_held() {
    let shared = IString::new(bytes::Bytes::from_static(b"abc"));
    assert_eq!(shared, IString::from("abc"));
    assert_eq!(IString::from("abc").into_owned(), shared);
    assert_eq!(shared.payload().as_bytes(), b"abc");
    assert_eq!(
        shared.into_payload().into_bytes(),
        bytes::Bytes::from_static(b"abc")
    );
}

#[test]
fn body_ext_data_levels_and_nil_values() {
    let mut ext = BodyExtData::new();
    assert_eq!(ext.disposition(), None);
    assert_eq!(ext.language(), None);
    // NIL NIL NIL: three levels present, nothing boxed, equal to the built value
    ext.set_disposition(None);
    ext.set_language(Vec::new());
    ext.set_location(None);
    assert_eq!(ext.disposition(), Some(None));
    assert_eq!(ext.language(), Some(&[][..]));
    assert_eq!(ext.location(), Some(None));
    assert!(ext.extensions().is_empty());
    assert_eq!(ext, BodyExtData::new().with_location(None));
    // a value set and cleared again compares equal to one never set
    let mut other = BodyExtData::new().with_language(vec![IString::from("en")]);
    assert_eq!(other.language().map(<[_]>::len), Some(1));
    assert_eq!(
        other.disposition(),
        Some(None),
        "levels before it become present"
    );
    other.set_language(Vec::new());
    other.set_location(None);
    assert_eq!(ext, other);
    // an extension makes every level present
    let e = BodyExtData::new().with_extension(BodyExtension::Number(7));
    assert_eq!(e.location(), Some(None));
    assert_eq!(e.extensions(), &[BodyExtension::Number(7)]);
    let d = Disposition {
        kind: IString::from("ATTACHMENT"),
        params: Params::new(),
    };
    let with_d = BodyExtData::new().with_disposition(Some(d.clone()));
    assert_eq!(with_d.disposition(), Some(Some(&d)));
    assert_eq!(with_d.language(), None);
    assert_eq!(with_d.clone().into_owned(), with_d);
}
