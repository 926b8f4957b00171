// The dashboard's built files (web/dist), compiled into the binary at build time by
// tools/embed_assets.cpp.
#pragma once

#include <span>
#include <string_view>

namespace hb::assets {

struct EmbeddedFile {
  std::string_view path;  // as served: "/index.html", "/assets/index-3f2a.js"
  std::string_view content;
};

std::span<const EmbeddedFile> dashboard_files();

}  // namespace hb::assets
