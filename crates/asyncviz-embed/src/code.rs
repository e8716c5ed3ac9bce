//! A program's text inside a link (`c=`): zlib-compressed (RFC 1950, DEFLATE with an Adler-32
//! checksum), then base64url without padding (RFC 4648 §5).
//!
//! The checksum is why this is zlib and not raw DEFLATE: a link that lost characters or had some
//! changed in transit fails to decode with a message, instead of opening a program that is
//! subtly different from the one the author wrote. Browsers produce the same bytes with
//! `new CompressionStream("deflate")`.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, Engine, GeneralPurpose, GeneralPurposeConfig};
use miniz_oxide::inflate::TINFLStatus;
use std::fmt;

/// The largest program a link may carry, in bytes of UTF-8 once decompressed (64 KiB).
///
/// Decompression stops here, so a small link that would inflate to gigabytes (a zip bomb) costs
/// at most this much memory.
pub const MAX_CODE_BYTES: usize = 64 * 1024;

/// The longest `c=` value that is even tried, in characters. Compression never makes a program
/// much larger, so anything longer than a worst-case encoding of [`MAX_CODE_BYTES`] is refused
/// before any work is done.
pub const MAX_ENCODED_CHARS: usize = 2 * MAX_CODE_BYTES;

/// Why a program in a link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// `c=` was present but empty.
    Empty,
    /// The value is longer than [`MAX_ENCODED_CHARS`].
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// The value has characters base64url does not use, or a length no encoding produces
    /// (typically a link cut off mid-way).
    NotBase64,
    /// The compressed data is incomplete or fails its checksum (cut off, or changed in transit).
    Damaged,
    /// The program would be larger than [`MAX_CODE_BYTES`] once decompressed.
    TooBig,
    /// The decompressed bytes are not UTF-8 text.
    NotText,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Empty => f.write_str("the link's program is empty"),
            LinkError::TooLong { chars } => write!(
                f,
                "the link's program is {chars} characters long, more than the {MAX_ENCODED_CHARS} a link may carry"
            ),
            LinkError::NotBase64 => f.write_str(
                "the link's program is not in the expected format; the link may have been cut off or changed",
            ),
            LinkError::Damaged => f.write_str(
                "the link's program is incomplete or damaged; the link may have been cut off or changed",
            ),
            LinkError::TooBig => write!(
                f,
                "the link's program is larger than {} KiB",
                MAX_CODE_BYTES / 1024
            ),
            LinkError::NotText => f.write_str("the link's program is not text"),
        }
    }
}

impl std::error::Error for LinkError {}

/// Accepts input with or without `=` padding: some tools add it, and it does no harm.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Strongest zlib level: links are written once and read many times.
const LEVEL: u8 = 9;

/// Compresses a program's text for `c=`. The result only uses `A-Z a-z 0-9 - _`.
pub fn encode_code(source: &str) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(source.as_bytes(), LEVEL);
    LENIENT.encode(compressed)
}

/// Reads a program's text from a `c=` value (already percent-decoded).
///
/// Forgiving about what mail clients and editors do to links: ASCII whitespace is dropped,
/// padding is optional and the standard base64 alphabet (`+`, `/`) is read as base64url.
pub fn decode_code(encoded: &str) -> Result<String, LinkError> {
    let chars = encoded.chars().count();
    if chars > MAX_ENCODED_CHARS {
        return Err(LinkError::TooLong { chars });
    }
    let cleaned: String = encoded
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    if cleaned.trim_end_matches('=').is_empty() {
        return Err(LinkError::Empty);
    }
    let compressed = LENIENT
        .decode(cleaned.as_bytes())
        .map_err(|_| LinkError::NotBase64)?;
    let bytes =
        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&compressed, MAX_CODE_BYTES)
            .map_err(|e| match e.status {
                TINFLStatus::HasMoreOutput => LinkError::TooBig,
                _ => LinkError::Damaged,
            })?;
    String::from_utf8(bytes).map_err(|_| LinkError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAM: &str = "#[tokio::main]\nasync fn main() {\n    println!(\"hello\");\n}\n";

    #[test]
    fn round_trips() {
        for s in [PROGRAM, "", "ünïcode ✓ <img src=x onerror=alert(1)>"] {
            let enc = encode_code(s);
            assert!(enc
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            if s.is_empty() {
                // An empty program still has a zlib header and checksum.
                assert_eq!(decode_code(&enc).as_deref(), Ok(""));
            } else {
                assert_eq!(decode_code(&enc).as_deref(), Ok(s));
            }
        }
    }

    #[test]
    fn forgives_padding_whitespace_and_the_standard_alphabet() {
        let enc = encode_code(PROGRAM);
        let padded = format!("{enc}{}", "=".repeat((4 - enc.len() % 4) % 4));
        assert_eq!(decode_code(&padded).as_deref(), Ok(PROGRAM));
        let wrapped = format!("{}\n  {}", &enc[..10], &enc[10..]);
        assert_eq!(decode_code(&wrapped).as_deref(), Ok(PROGRAM));
        let standard = enc.replace('-', "+").replace('_', "/");
        assert_eq!(decode_code(&standard).as_deref(), Ok(PROGRAM));
    }

    #[test]
    fn every_truncation_is_an_error_or_the_whole_program() {
        let enc = encode_code(PROGRAM);
        for cut in 0..enc.len() {
            match decode_code(&enc[..cut]) {
                Err(_) => {}
                Ok(s) => panic!("cut at {cut} decoded to {s:?}"),
            }
        }
    }

    #[test]
    fn a_changed_character_is_caught_by_the_checksum() {
        let enc = encode_code(PROGRAM);
        let mut failures = 0;
        for i in 0..enc.len() {
            let mut bytes = enc.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(bytes).expect("ascii");
            match decode_code(&changed) {
                Ok(s) => assert_eq!(s, PROGRAM, "a change at {i} gave another program"),
                Err(_) => failures += 1,
            }
        }
        assert!(failures > 0);
    }

    #[test]
    fn errors_have_messages() {
        assert_eq!(decode_code(""), Err(LinkError::Empty));
        assert_eq!(decode_code("=="), Err(LinkError::Empty));
        assert_eq!(decode_code("a"), Err(LinkError::NotBase64));
        assert_eq!(decode_code("!!!!"), Err(LinkError::NotBase64));
        assert_eq!(decode_code("AAAA"), Err(LinkError::Damaged));
        let long = "A".repeat(MAX_ENCODED_CHARS + 1);
        assert_eq!(
            decode_code(&long),
            Err(LinkError::TooLong {
                chars: MAX_ENCODED_CHARS + 1
            })
        );
        let not_text = LENIENT.encode(miniz_oxide::deflate::compress_to_vec_zlib(&[0xff, 0xfe], 9));
        assert_eq!(decode_code(&not_text), Err(LinkError::NotText));
        for e in [LinkError::Damaged, LinkError::TooBig, LinkError::NotText] {
            assert!(e.to_string().starts_with("the link's program"));
        }
    }

    #[test]
    fn a_zip_bomb_stops_at_the_limit() {
        // 1 MiB of one byte compresses to about a kilobyte.
        let bomb = vec![b'a'; 1024 * 1024];
        let enc = LENIENT.encode(miniz_oxide::deflate::compress_to_vec_zlib(&bomb, 9));
        assert!(enc.len() < MAX_ENCODED_CHARS, "{}", enc.len());
        assert_eq!(decode_code(&enc), Err(LinkError::TooBig));
        // Exactly at the limit is fine.
        let max = "a".repeat(MAX_CODE_BYTES);
        assert_eq!(
            decode_code(&encode_code(&max)).map(|s| s.len()),
            Ok(MAX_CODE_BYTES)
        );
    }
}
