//! The extensions' untagged data (METADATA, THREAD, ACL, LISTRIGHTS, MYRIGHTS) and
//! items (STATUS APPENDLIMIT and MAILBOXID, FETCH SAVEDATE): RFC examples decode to
//! typed values and encode back to the same bytes; hostile input is refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imap_proto::*;

/// Decodes `wire` as one whole response under the strict grammar, checks that it
/// encodes back to the same bytes, and returns its data.
fn known(wire: &[u8]) -> Data<'_> {
    let d = parse_response_with(wire, &ParseOptions::strict());
    let (r, used) = d
        .clone()
        .ok()
        .unwrap_or_else(|| panic!("{:?}: {d:?}", String::from_utf8_lossy(wire)));
    assert_eq!(used, wire.len());
    let mut back = Vec::new();
    encode_response(&r, &mut back);
    assert_eq!(
        String::from_utf8_lossy(&back),
        String::from_utf8_lossy(wire)
    );
    let Response::Data(d) = r else {
        panic!("not data: {r:?}")
    };
    d
}

fn status_items(d: Data<'_>) -> Vec<StatusItem<'_>> {
    let Data::Status { items, .. } = d else {
        panic!("{d:?}")
    };
    items
}

#[test]
fn rfc8474_status_mailboxid() {
    let items = status_items(known(
        b"* STATUS foo (MAILBOXID (F2212ea87-6097-4256-9d51-71338625))\r\n",
    ));
    assert_eq!(
        items,
        [StatusItem::MailboxId(
            Atom::new("F2212ea87-6097-4256-9d51-71338625").unwrap()
        )]
    );
}

#[test]
fn rfc7889_status_appendlimit_number_and_nil() {
    let items = status_items(known(
        b"* STATUS INBOX (MESSAGES 3 APPENDLIMIT 257890 UIDNEXT 9)\r\n",
    ));
    assert_eq!(
        items,
        [
            StatusItem::Messages(3),
            StatusItem::AppendLimit(Some(257_890)),
            StatusItem::UidNext(9)
        ]
    );
    let items = status_items(known(b"* STATUS Archive (APPENDLIMIT NIL)\r\n"));
    assert_eq!(items, [StatusItem::AppendLimit(None)]);
}

#[test]
fn status_values_of_another_shape_stay_other() {
    // a limit past 32 bits and an id that is not in parentheses are kept as sent
    let items = status_items(known(
        b"* STATUS a (APPENDLIMIT 4294967296 MAILBOXID F1)\r\n",
    ));
    assert!(matches!(&items[0], StatusItem::Other(n, v)
        if n.as_str() == "APPENDLIMIT" && v.as_bytes() == b"4294967296"));
    assert!(matches!(&items[1], StatusItem::Other(n, v)
        if n.as_str() == "MAILBOXID" && v.as_bytes() == b"F1"));
}

#[test]
fn rfc8514_fetch_savedate() {
    let Data::Fetch { items, .. } =
        known(b"* 1 FETCH (UID 7 SAVEDATE \"17-Jul-1996 02:44:25 -0700\")\r\n")
    else {
        panic!()
    };
    let date = Date::new(1996, 7, 17).unwrap();
    let when = DateTime::new(date, 2, 44, 25, -7 * 60).unwrap();
    assert_eq!(items[1], FetchItem::SaveDate(Some(when)));
    let Data::Fetch { items, .. } = known(b"* 2 FETCH (SAVEDATE NIL)\r\n") else {
        panic!()
    };
    assert_eq!(items, [FetchItem::SaveDate(None)]);
    // neither a date-time nor NIL
    let err = parse_response(b"* 2 FETCH (SAVEDATE 17-Jul-1996)\r\n")
        .err()
        .unwrap();
    assert_eq!(err.offset, 20, "{err}");
}
