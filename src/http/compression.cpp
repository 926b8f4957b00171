#include "http/compression.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <stdexcept>

namespace hb::http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// A q-value ("0", "0.5", "1.000") is zero when it is 0 followed at most by a dot and zeros.
bool q_is_zero(std::string_view q) {
  if (q.empty() || q.front() != '0') return false;
  q.remove_prefix(1);
  if (q.empty()) return true;
  if (q.front() != '.') return false;
  q.remove_prefix(1);
  return q.find_first_not_of('0') == std::string_view::npos;
}

uInt chunk_size(std::size_t remaining) {
  return static_cast<uInt>(std::min<std::size_t>(remaining, std::numeric_limits<uInt>::max()));
}

void append_le32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xffu));
}

std::uint32_t crc_of(std::string_view data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  while (!data.empty()) {
    const uInt n = chunk_size(data.size());
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), n);
    data.remove_prefix(n);
  }
  return static_cast<std::uint32_t>(crc);
}

// The gzip header: no name, no time, "unix".
constexpr std::array<unsigned char, 10> kGzipHeader = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  std::optional<bool> gzip_named;
  std::optional<bool> any;
  while (!accept_encoding.empty()) {
    const std::size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
    const std::size_t semicolon = item.find(';');
    const std::string_view coding = trim(item.substr(0, semicolon));
    bool accepted = true;
    if (semicolon != std::string_view::npos) {
      std::string_view params = item.substr(semicolon + 1);
      while (!params.empty()) {
        const std::size_t next = params.find(';');
        const std::string_view param = trim(params.substr(0, next));
        params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
          accepted = !q_is_zero(trim(param.substr(2)));
        }
      }
    }
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
      gzip_named = gzip_named.value_or(false) || accepted;
    } else if (coding == "*") {
      any = accepted;
    }
  }
  return gzip_named.value_or(any.value_or(false));
}

DeflatePiece deflate_piece(std::string_view data, bool last, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
  DeflatePiece piece;
  piece.crc = crc_of(data);
  piece.size = data.size();
  piece.last = last;
  // Room for the whole piece in one go; deflateBound covers the end, a full flush adds a few
  // bytes per flush.
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 16, '\0');
  std::size_t used = 0;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  std::size_t remaining = data.size();
  for (;;) {
    const uInt in = chunk_size(remaining);
    z.avail_in = in;
    remaining -= in;
    const int flush = remaining > 0 ? Z_NO_FLUSH : (last ? Z_FINISH : Z_FULL_FLUSH);
    int status = Z_OK;
    do {
      if (used == out.size()) out.resize(out.size() * 2);
      z.next_out = reinterpret_cast<Bytef*>(out.data() + used);
      z.avail_out = chunk_size(out.size() - used);
      const uInt before = z.avail_out;
      status = deflate(&z, flush);
      used += before - z.avail_out;
      if (status == Z_STREAM_ERROR) {
        deflateEnd(&z);
        throw std::runtime_error("zlib: deflate failed");
      }
    } while (z.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
    if (remaining == 0) break;
  }
  deflateEnd(&z);
  out.resize(used);
  piece.bytes = std::move(out);
  return piece;
}

DeflatePiece stored_piece(std::string_view data) {
  DeflatePiece piece;
  piece.crc = crc_of(data);
  piece.size = data.size();
  piece.bytes.reserve(data.size() + 5 * (data.size() / 65535 + 1));
  do {
    const std::size_t n = std::min<std::size_t>(data.size(), 65535);
    piece.bytes.push_back('\0');  // BFINAL 0, BTYPE 00 (stored), padded to the byte
    piece.bytes.push_back(static_cast<char>(n & 0xffu));
    piece.bytes.push_back(static_cast<char>(n >> 8));
    piece.bytes.push_back(static_cast<char>(~n & 0xffu));
    piece.bytes.push_back(static_cast<char>((~n >> 8) & 0xffu));
    piece.bytes.append(data.substr(0, n));
    data.remove_prefix(n);
  } while (!data.empty());
  return piece;
}

std::string gzip_member(std::span<const DeflatePiece* const> pieces) {
  if (pieces.empty() || !pieces.back()->last) {
    throw std::invalid_argument("gzip_member: the last piece must end the stream");
  }
  std::size_t bytes = kGzipHeader.size() + 8;
  for (const DeflatePiece* piece : pieces) bytes += piece->bytes.size();
  std::string out;
  out.reserve(bytes);
  out.append(reinterpret_cast<const char*>(kGzipHeader.data()), kGzipHeader.size());
  uLong crc = crc32(0L, Z_NULL, 0);
  std::size_t size = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const DeflatePiece& piece = *pieces[i];
    if (piece.last && i + 1 != pieces.size()) {
      throw std::invalid_argument("gzip_member: only the last piece may end the stream");
    }
    out += piece.bytes;
    crc = crc32_combine(crc, piece.crc, static_cast<z_off_t>(piece.size));
    size += piece.size;
  }
  append_le32(out, static_cast<std::uint32_t>(crc));
  append_le32(out, static_cast<std::uint32_t>(size & 0xffffffffu));
  return out;
}

std::string gzip(std::string_view data, int level) {
  const DeflatePiece piece = deflate_piece(data, true, level);
  const DeflatePiece* pieces[] = {&piece};
  return gzip_member(pieces);
}

std::optional<std::string> gzip_if_smaller(std::string_view data, int level) {
  if (data.size() < kGzipMinBytes) return std::nullopt;
  std::string compressed = gzip(data, level);
  if (compressed.size() >= data.size()) return std::nullopt;
  return compressed;
}

std::optional<std::string> gunzip(std::string_view data) {
  z_stream z{};
  if (inflateInit2(&z, MAX_WBITS + 16) != Z_OK) return std::nullopt;
  std::string out;
  std::array<char, 16384> buffer{};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = chunk_size(data.size());
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(buffer.data());
    z.avail_out = static_cast<uInt>(buffer.size());
    const int status = inflate(&z, Z_NO_FLUSH);
    out.append(buffer.data(), buffer.size() - z.avail_out);
    if (status == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      if (inflateReset(&z) != Z_OK) break;  // another member follows
      continue;
    }
    if (status != Z_OK) {
      inflateEnd(&z);
      return std::nullopt;
    }
    if (z.avail_in == 0 && z.avail_out != 0) {  // truncated
      inflateEnd(&z);
      return std::nullopt;
    }
  }
  inflateEnd(&z);
  return out;
}

}  // namespace hb::http
