// The core's table of field rules as JSON: what `healthboard field-rules` prints and the
// dashboard's forms read (web/src/lib/fieldRules.json, held to this by a unit test).
#pragma once

#include <string>

namespace hb::api {

// The table, indented, with a final newline: byte for byte the dashboard's copy.
std::string field_rules_json();

}  // namespace hb::api
