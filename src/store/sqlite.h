// A small RAII wrapper over the SQLite C API: a connection, a prepared statement and a
// transaction. Failures throw sqlite::Error carrying SQLite's own message; the store turns them
// into core::Error at its boundary, so nothing above the store sees an exception from here.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hb::store::sqlite {

class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // the extended result code

 private:
  int code_;
};

class Statement;

// One connection. Move-only; closed when destroyed (after every Statement made from it).
class Database {
 public:
  // Opens (creating when missing) the database file at `path`, read-write.
  static Database open(const std::string& path);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements that return no rows the caller needs.
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  // The integer in the first column of the first row of `sql` (a PRAGMA's value, a count).
  std::int64_t query_int(std::string_view sql);
  std::string query_text(std::string_view sql);
  void busy_timeout(int ms);

  sqlite3* handle() const { return db_; }
  // Throws Error for `code` with the connection's current message, prefixed with `what`.
  [[noreturn]] void fail(int code, std::string_view what) const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// A prepared statement. Parameters are numbered from 1, columns from 0, as in SQLite.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);  // copied by SQLite
  // One step: true when a row is ready to read, false when the statement is done.
  bool step();
  // Steps to the end (for statements that return no rows) and resets, even when a step fails,
  // so the statement can be bound and run again.
  void run();
  // Back to before the first step, bindings cleared.
  void reset();

  std::int64_t column_int64(int index) const;
  std::string column_text(int index) const;

 private:
  friend class Database;
  Statement(const Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  const Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN on construction; ROLLBACK when destroyed without commit() (an error on the way out).
class Transaction {
 public:
  enum class Mode { kDeferred, kImmediate };
  explicit Transaction(Database& db, Mode mode = Mode::kImmediate);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();

 private:
  Database& db_;
  bool open_ = true;
};

}  // namespace hb::store::sqlite
