//! How many allocations the pure POP3 parsers make, fixed by a counting global
//! allocator: none for a command line (PASS: one, its `Secret`) or a status line,
//! which borrow from the input; one for a multi-line response (the framer's piece
//! list) and one for a LIST or UIDL listing (its entry vector).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use pop3_proto::framing::parse_multi_line;
use pop3_proto::parse::{
    ResponseOptions, parse_command, parse_response, parse_response_line, parse_scan_listings,
    parse_unique_id_listings,
};
use pop3_proto::{Command, Status};

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
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
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
fn parsing_pop3_command_lines_allocates_nothing() {
    let lines: [&[u8]; 8] = [
        b"STAT\r\n",
        b"LIST 2\r\n",
        b"RETR 1\r\n",
        b"TOP 1 10\r\n",
        b"USER mrose\r\n",
        b"PASS secret with spaces\r\n",
        b"UIDL\r\n",
        b"XTND XMIT\r\n",
    ];
    for line in lines {
        let ((cmd, used), allocs) = allocations(|| parse_command(line).ok().unwrap());
        assert_eq!(used, line.len());
        // PASS copies the secret into its Secret (a String): one allocation, by design
        let expected = usize::from(matches!(cmd, Command::Pass(_)));
        assert_eq!(allocs, expected, "{:?}", String::from_utf8_lossy(line));
    }
}

#[test]
fn parsing_pop3_status_lines_allocates_nothing() {
    let lines: [&[u8]; 4] = [
        b"+OK 2 320\r\n",
        b"+OK maildrop has 2 messages (320 octets)\r\n",
        b"-ERR [SYS/TEMP] try again\r\n",
        b"-ERR [X-FOO/BAR] unknown code\r\n",
    ];
    for line in lines {
        let ((r, used), allocs) = allocations(|| parse_response(line).ok().unwrap());
        assert_eq!(used, line.len());
        assert!(matches!(r.status(), Status::Ok | Status::Err));
        assert_eq!(allocs, 0, "{:?}", String::from_utf8_lossy(line));
        let (_, allocs) = allocations(|| parse_response_line(line).ok().unwrap());
        assert_eq!(allocs, 0);
    }
}

#[test]
fn parsing_a_list_listing_allocates_its_vector_once() {
    let mut wire = b"+OK 100 messages\r\n".to_vec();
    for i in 1..=100 {
        wire.extend_from_slice(format!("{i} {}\r\n", i * 1000).as_bytes());
    }
    wire.extend_from_slice(b".\r\n");
    let options = ResponseOptions::default();
    // the framer's list of unstuffed pieces (one piece: the body is borrowed)
    let ((multi, used), allocs) = allocations(|| parse_multi_line(&wire, &options).ok().unwrap());
    assert_eq!(used, wire.len());
    assert_eq!(allocs, 1, "parse_multi_line");
    let body = multi.body.unwrap();
    // the Vec of entries, sized by one count of the lines
    let (list, allocs) = allocations(|| parse_scan_listings(&body).unwrap());
    assert_eq!(list.len(), 100);
    assert_eq!(allocs, 1, "parse_scan_listings");
    let uidl: Vec<u8> = (1..=100)
        .flat_map(|i| format!("{i} uid-{i}\r\n").into_bytes())
        .collect();
    let (list, allocs) = allocations(|| parse_unique_id_listings(&uidl).unwrap());
    assert_eq!(list.len(), 100);
    assert_eq!(allocs, 1, "parse_unique_id_listings");
}
