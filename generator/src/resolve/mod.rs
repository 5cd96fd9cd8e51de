//! Resolution: `$ref` targets, JSON pointers, and the names schemas get
//! before any of them is converted.

mod names;
mod refs;

pub use names::{op_names, qualified_op_names, variant_name, Answers, OpNames, PathShape};
pub use refs::{child, component_name, escape, Node, Resolver};
