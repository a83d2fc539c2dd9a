//! Documented limits on input, so hostile input gets a clear error instead of a hang.

/// Largest report file, in bytes (4 MiB, about 450 times the seed report or 2,500 pages).
pub const MAX_INPUT_BYTES: usize = 4 << 20;
/// Deepest nesting of lists and quotes that keeps its own indent; deeper items are set at this depth.
pub const MAX_NESTING: usize = 8;
/// Most columns a table may have.
pub const MAX_TABLE_COLUMNS: usize = 64;
/// Most cells a table may have.
pub const MAX_TABLE_CELLS: usize = 100_000;
/// Largest image file, in bytes.
pub const MAX_IMAGE_BYTES: usize = 32 << 20;
/// Most pixels an image may have (decoded, it takes 4 bytes each).
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
