//! Hot paths do not allocate: a counting global allocator checks that parsing commands
//! and unstuffing DATA bodies allocate nothing per token. (Lives in the benches crate,
//! which may use `unsafe` for the allocator shim; the codec crates forbid it.)
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use mail_proto_core::dot::{BareLineEndings, DotUnstuffer, Unstuffed};

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; only counts calls on this thread.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCS.with(Cell::get);
    let r = f();
    (r, ALLOCS.with(Cell::get) - before)
}

#[test]
fn parsing_commands_allocates_nothing() {
    // through the benches' adapter, so the parse API changes in one place
    let input = b"MAIL FROM:<sender.name@example.com> SIZE=1048576 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=abc\r\nRCPT TO:<recipient@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;r@example.org\r\nEHLO client.example.org\r\nBDAT 100 LAST\r\nDATA\r\nAUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n".repeat(20);
    let (count, allocs) = allocations(|| benches::parse_all(benches::ours_parse, &input).unwrap());
    assert_eq!(count, 120);
    assert_eq!(allocs, 0, "{allocs} allocations for {count} commands");
}

#[test]
fn unstuffing_allocates_nothing() {
    let wire = b"line\r\n..dot\r\nmore text here\r\n.\r\n".to_vec();
    let mut body = b"x".repeat(10_000);
    body.extend_from_slice(&wire);
    let (total, allocs) = allocations(|| {
        let mut u = DotUnstuffer::new(BareLineEndings::Keep);
        let mut total = 0;
        for chunk in body.chunks(333) {
            let status = u.decode(chunk, |piece| {
                if let mail_proto_core::dot::Piece::Input(r) = piece {
                    total += r.len();
                }
            });
            if let Unstuffed::End { .. } = status {
                break;
            }
        }
        total
    });
    assert_eq!(
        total,
        10_000 + wire.len() - 4,
        "one stuffed dot and the terminator removed"
    );
    assert_eq!(allocs, 0);
}
