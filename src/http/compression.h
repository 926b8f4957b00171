// gzip (Content-Encoding: gzip) with zlib: negotiation from Accept-Encoding, whole bodies, and
// bodies made of pieces compressed apart, so that the parts of an answer that stay the same are
// compressed once and a small part that changes is added per answer without compressing again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hb::http {

// Whether an Accept-Encoding value accepts gzip: "gzip", "x-gzip" or "*" with a q-value above
// zero; a q of zero refuses it, and "gzip" named explicitly wins over "*".
bool accepts_gzip(std::string_view accept_encoding);

// Bodies smaller than this are sent as they are: gzip would save little or grow them.
inline constexpr std::size_t kGzipMinBytes = 1024;

// One gzip member (RFC 1952) holding `data`. Level 1 (fastest) to 9 (smallest).
std::string gzip(std::string_view data, int level = 6);

// The gzipped form of `data` when it is worth it: at least kGzipMinBytes and smaller once
// compressed; nullopt otherwise.
std::optional<std::string> gzip_if_smaller(std::string_view data, int level = 6);

// Part of a deflate stream that starts and ends on a byte boundary and refers to nothing before
// it, so pieces can be concatenated in any order into one stream.
struct DeflatePiece {
  std::string bytes;      // raw deflate blocks
  std::uint32_t crc = 0;  // CRC-32 of the uncompressed data
  std::size_t size = 0;   // bytes of uncompressed data
  bool last = false;      // ends the stream (its final block is marked final)
};

// Compresses `data` on its own; `last` marks its final block as the end of the stream.
DeflatePiece deflate_piece(std::string_view data, bool last, int level = 6);
// `data` as stored (uncompressed) blocks, never last: cheap enough to make per answer.
DeflatePiece stored_piece(std::string_view data);

// One gzip member from pieces in order; the last one must be `last`. Throws
// std::invalid_argument otherwise.
std::string gzip_member(std::span<const DeflatePiece* const> pieces);

// Decompresses a whole gzip body (every member), for tests and checks; nullopt when it is not
// valid gzip.
std::optional<std::string> gunzip(std::string_view data);

}  // namespace hb::http
