//! Splitting a JSON array into its elements without parsing them.
//!
//! A dump is one JSON array of records. Parsing it whole means one broken
//! record (invalid UTF-8, a truncated tail) loses all of them. The scanner
//! only looks at JSON's ASCII structure — brackets, braces, strings and their
//! escapes — so it works on any bytes, and hands each element to a real
//! parser on its own.

use std::fmt;

/// Why the array could not be scanned further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanError {
    /// The input is not a JSON array or object (first significant byte given).
    NotJson {
        /// Byte offset of the offending byte.
        offset: usize,
    },
    /// The input ends inside an element or before the closing `]`.
    Truncated {
        /// Byte offset where the unfinished element starts.
        offset: usize,
    },
    /// Unexpected byte between elements.
    Unexpected {
        /// Byte offset.
        offset: usize,
        /// The byte found.
        byte: u8,
    },
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep {
        /// Byte offset.
        offset: usize,
    },
}

/// Deepest nesting accepted inside one element.
pub const MAX_DEPTH: usize = 256;

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::NotJson { offset } => write!(f, "not a JSON array or object (byte {offset})"),
            ScanError::Truncated { offset } => {
                write!(f, "JSON ends early: unfinished element starting at byte {offset}")
            }
            ScanError::Unexpected { offset, byte } => {
                write!(f, "unexpected {:?} at byte {offset} between array elements", *byte as char)
            }
            ScanError::TooDeep { offset } => write!(f, "nesting deeper than {MAX_DEPTH} at byte {offset}"),
        }
    }
}

/// Shape of the top-level value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopLevel {
    /// `[ … ]`
    Array,
    /// `{ … }`: a single record.
    Object,
}

/// An iterator over the byte ranges of a JSON array's elements.
///
/// Yields `Ok(range)` per element; after an error it yields that error once
/// and stops.
pub struct ArrayScanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    top: TopLevel,
    done: bool,
    first: bool,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

impl<'a> ArrayScanner<'a> {
    /// Start scanning `bytes` (a UTF-8 BOM is skipped).
    pub fn new(bytes: &'a [u8]) -> Result<Self, ScanError> {
        let mut i = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
        i = skip_ws(bytes, i);
        let top = match bytes.get(i) {
            Some(b'[') => {
                i += 1;
                TopLevel::Array
            }
            Some(b'{') => TopLevel::Object,
            _ => return Err(ScanError::NotJson { offset: i }),
        };
        Ok(ArrayScanner { bytes, pos: i, top, done: false, first: true })
    }

    /// Whether the input is an array or a single object.
    pub fn top_level(&self) -> TopLevel {
        self.top
    }

    /// End of the value starting at `start` (exclusive).
    fn value_end(&self, start: usize) -> Result<usize, ScanError> {
        let b = self.bytes;
        let mut i = start;
        let mut depth = 0usize;
        let mut in_str = false;
        while i < b.len() {
            let c = b[i];
            if in_str {
                match c {
                    b'\\' => i += 1,
                    b'"' => {
                        in_str = false;
                        if depth == 0 {
                            return Ok(i + 1);
                        }
                    }
                    _ => {}
                }
            } else {
                match c {
                    b'"' => in_str = true,
                    b'{' | b'[' => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Err(ScanError::TooDeep { offset: i });
                        }
                    }
                    b'}' | b']' => {
                        if depth == 0 {
                            return Ok(i);
                        }
                        depth -= 1;
                        if depth == 0 {
                            return Ok(i + 1);
                        }
                    }
                    b',' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return Ok(i),
                    _ => {}
                }
            }
            i += 1;
        }
        if depth == 0 && !in_str && i > start {
            // A bare scalar running to EOF.
            return Err(ScanError::Truncated { offset: start });
        }
        Err(ScanError::Truncated { offset: start })
    }
}

impl Iterator for ArrayScanner<'_> {
    type Item = Result<std::ops::Range<usize>, ScanError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let b = self.bytes;
        if self.top == TopLevel::Object {
            self.done = true;
            return Some(self.value_end(self.pos).map(|end| self.pos..end));
        }
        let mut i = skip_ws(b, self.pos);
        if !self.first {
            match b.get(i) {
                Some(b',') => i = skip_ws(b, i + 1),
                Some(b']') => {
                    self.done = true;
                    return None;
                }
                Some(&byte) => {
                    self.done = true;
                    return Some(Err(ScanError::Unexpected { offset: i, byte }));
                }
                None => {
                    self.done = true;
                    return Some(Err(ScanError::Truncated { offset: i }));
                }
            }
        } else if b.get(i) == Some(&b']') {
            self.done = true;
            return None;
        }
        self.first = false;
        if i >= b.len() {
            self.done = true;
            return Some(Err(ScanError::Truncated { offset: i }));
        }
        match self.value_end(i) {
            Ok(end) if end > i => {
                self.pos = end;
                Some(Ok(i..end))
            }
            Ok(_) => {
                self.done = true;
                Some(Err(ScanError::Unexpected { offset: i, byte: b[i] }))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elems(s: &[u8]) -> Vec<Result<String, ScanError>> {
        ArrayScanner::new(s).unwrap().map(|r| r.map(|rg| String::from_utf8_lossy(&s[rg]).into_owned())).collect()
    }

    #[test]
    fn splits_objects_with_tricky_strings() {
        let s = br#" [ {"a":"x]},\"y"}, {"b":[1,{"c":2}]} ,3, "s" ] "#;
        let e = elems(s);
        assert_eq!(e.len(), 4);
        assert_eq!(e[0].as_ref().unwrap(), r#"{"a":"x]},\"y"}"#);
        assert_eq!(e[1].as_ref().unwrap(), r#"{"b":[1,{"c":2}]}"#);
        assert_eq!(e[2].as_ref().unwrap(), "3");
    }

    #[test]
    fn truncated_tail_keeps_earlier_elements() {
        let s = br#"[{"a":1},{"b":2},{"c":"#;
        let e = elems(s);
        assert_eq!(e.len(), 3);
        assert!(e[0].is_ok() && e[1].is_ok());
        assert!(matches!(e[2], Err(ScanError::Truncated { .. })));
    }

    #[test]
    fn missing_close_bracket_is_truncation() {
        let e = elems(br#"[{"a":1}"#);
        assert_eq!(e.len(), 2);
        assert!(matches!(e[1], Err(ScanError::Truncated { .. })));
    }

    #[test]
    fn invalid_utf8_does_not_stop_scanning() {
        let mut s = b"[{\"a\":\"".to_vec();
        s.extend_from_slice(&[0xff, 0xfe]);
        s.extend_from_slice(b"\"},{\"b\":1}]");
        let n = ArrayScanner::new(&s).unwrap().filter(|r| r.is_ok()).count();
        assert_eq!(n, 2);
    }

    #[test]
    fn not_json_and_empty() {
        assert!(ArrayScanner::new(b"").is_err());
        assert!(ArrayScanner::new(b"hello").is_err());
        assert_eq!(elems(b"[]").len(), 0);
        assert_eq!(elems(b"\xEF\xBB\xBF [ ] ").len(), 0);
    }

    #[test]
    fn single_object() {
        let sc = ArrayScanner::new(br#"{"a":[1,2]}"#).unwrap();
        assert_eq!(sc.top_level(), TopLevel::Object);
        assert_eq!(sc.count(), 1);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut s = String::from("[");
        s.push_str(&"[".repeat(100_000));
        let e = elems(s.as_bytes());
        assert!(matches!(e[0], Err(ScanError::TooDeep { .. })));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(data in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            if let Ok(sc) = ArrayScanner::new(&data) {
                for rg in sc.take(1000).flatten() {
                    proptest::prop_assert!(rg.end <= data.len());
                }
            }
        }
    }
}
