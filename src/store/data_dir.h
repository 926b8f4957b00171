// Where healthboard keeps what must survive a restart, by the XDG Base Directory spec: state
// that persists between restarts goes under $XDG_STATE_HOME (default $HOME/.local/state).
#pragma once

#include <string>

#include "core/result.h"

namespace hb::store {

// `$XDG_STATE_HOME/healthboard`, else `$HOME/.local/state/healthboard`, from the two values
// given (null or empty when unset). A relative XDG_STATE_HOME is ignored, as the spec says.
// An error (field "--data-dir") when neither gives an absolute directory.
core::Result<std::string> default_data_dir(const char* xdg_state_home, const char* home);

// The same, from this process's environment.
core::Result<std::string> default_data_dir();

// Creates `dir` and any missing parent, each created one with mode 0700; an existing directory
// is left as it is. An error when a component is not a directory or cannot be made.
core::Status make_data_dir(const std::string& dir);

}  // namespace hb::store
