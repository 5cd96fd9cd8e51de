//! JSON pointers (RFC 6901), which every error and every type id is made of:
//! a leaf that loading and resolving both use.

/// Escape one JSON pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// `parent/segment`, escaped.
pub fn child(parent: &str, segment: &str) -> String {
    format!("{parent}/{}", escape(segment))
}
