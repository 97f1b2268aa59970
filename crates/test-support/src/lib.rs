//! Fixtures the workspace's tests share: the streamed message body the SMTP and POP3
//! pair tests push through both machines, the check that what came out is that body
//! again, and a MailKit corpus file made ready to feed. Not published; only a
//! dev-dependency.

/// A block of text lines of about `len` bytes (never more), one in four starting
/// with a dot, each ending in `CRLF`: a streamed message is this block again and
/// again, so both sides of a pair test know every byte without holding the message.
pub fn dotted_block(len: usize) -> Vec<u8> {
    let mut block = Vec::with_capacity(len);
    let mut n = 0;
    while block.len() + 80 < len {
        if n % 4 == 3 {
            block.push(b'.');
        }
        let line = format!("line {n:06} of a long message, {}\r\n", "x".repeat(n % 40));
        block.extend_from_slice(line.as_bytes());
        n += 1;
    }
    block
}

/// True if `chunk` is what the endlessly repeated `block` holds at stream offset `at`.
pub fn matches_block(block: &[u8], at: u64, chunk: &[u8]) -> bool {
    if block.is_empty() {
        return chunk.is_empty();
    }
    let mut pos = (at % block.len() as u64) as usize;
    let mut rest = chunk;
    while !rest.is_empty() {
        let n = rest.len().min(block.len() - pos);
        if rest[..n] != block[pos..pos + n] {
            return false;
        }
        rest = &rest[n..];
        pos = (pos + n) % block.len();
    }
    true
}

/// A MailKit corpus file as the corpus README says to feed it: the masked tags
/// (`A########`) made real (`A00000001`), and bare LF line ends made CRLF.
pub fn mailkit_wire(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 20);
    let mut k = 0;
    while k < raw.len() {
        if raw[k..].starts_with(b"A########") {
            out.extend_from_slice(b"A00000001");
            k += 9;
            continue;
        }
        if raw[k] == b'\n' && (k == 0 || raw[k - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(raw[k]);
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_has_dotted_crlf_lines_within_its_length() {
        let block = dotted_block(4096);
        assert!(block.len() <= 4096 && block.len() > 4096 - 160);
        assert!(block.ends_with(b"\r\n"));
        let lines: Vec<&[u8]> = block.split_inclusive(|&b| b == b'\n').collect();
        assert!(lines.iter().all(|l| l.ends_with(b"\r\n")));
        assert_eq!(
            lines.iter().filter(|l| l.starts_with(b".")).count(),
            lines.len() / 4
        );
    }

    #[test]
    fn matches_across_the_block_boundary_and_refuses_a_changed_byte() {
        let block = dotted_block(1024);
        let stream: Vec<u8> = block.repeat(3);
        let at = block.len() - 10;
        assert!(matches_block(&block, at as u64, &stream[at..at + 100]));
        let mut changed = stream[at..at + 100].to_vec();
        changed[50] ^= 1;
        assert!(!matches_block(&block, at as u64, &changed));
        assert!(!matches_block(&block, at as u64 + 1, &stream[at..at + 100]));
    }
}
