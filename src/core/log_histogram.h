// A log-bucketed histogram for latencies: every quantile it returns is within 1 % (relative) of a
// value that was recorded at that rank. Bucket i holds values in (gamma^(i-1), gamma^i], with
// gamma = (1 + a) / (1 - a) for the accuracy a, as in DDSketch. Buckets are kept in one dense
// vector over the range of indices seen so far, so memory follows the spread of the data.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>
#include <vector>

namespace hb::core {

class LogHistogram {
 public:
  static constexpr double kRelativeAccuracy = 0.01;
  // Values at or below this (seconds) share one bucket of their own, reported as this value.
  static constexpr double kMinValue = 1e-6;

  void record(double value, std::uint64_t times = 1);
  // The same as record(value) when `index` is index_of(value), for a caller that needs the index
  // too.
  void record_at(int index, double value) {  // inline: three windows take it for each request
    // One comparison for both ends (and for no buckets at all): below the first, the unsigned
    // difference wraps to a huge number.
    if (static_cast<unsigned>(index - first_index_) >= buckets_.size()) ensure(index);
    buckets_[static_cast<std::size_t>(index - first_index_)] += 1;
    count_ += 1;
    sum_ += std::max(value, 0.0);
  }
  void merge(const LogHistogram& other);
  void clear();
  // Empties it as clear() does, but keeps a range of up to kKeptBuckets buckets (as zeros) for
  // values that come again: a window's slot refilled with similar latencies then records each
  // without growing its range, which took about 3 % of a virtual month. The zeros change no
  // quantile; only buckets() and first_index() show them.
  void clear_keeping_range();
  static constexpr std::size_t kKeptBuckets = 128;

  std::uint64_t count() const { return count_; }
  // The dense buckets: buckets()[k] counts the values of bucket first_index() + k.
  int first_index() const { return first_index_; }
  const std::vector<std::uint64_t>& buckets() const { return buckets_; }
  double sum() const { return sum_; }
  // Nearest-rank quantile, q in [0, 1]: the estimate of the ceil(q * count)-th smallest value.
  // No data gives nullopt.
  std::optional<double> quantile(double q) const;

  // The bucket a value is recorded in, and the value a quantile in that bucket is reported as
  // (non-decreasing in the index). Inline: every request takes it twice, and a call cost 3 % of
  // a virtual month.
  static int index_of(double value) {
    if (value > kMinValue && value < BucketTable::kEnd) return BucketTable::get().bucket_of(value);
    return index_outside_table(value);
  }
  // index_of() by its definition, ceil(log(value) / log(gamma)), which index_of() answers from a
  // table: for the tests that compare the two.
  static int index_by_logarithm(double value);
  static double value_of(int index);
  // The first bucket whose reported value, times `scale`, is over `limit` (as a caller compares
  // a quantile in other units): a quantile is over it exactly when its rank falls in this bucket
  // or a later one.
  static int first_index_over(double limit, double scale = 1.0);

 private:
  // index_by_logarithm() by table lookup, for the values from 2^-20 to 2^14 (1 us to 4.5 h), which
  // every latency of a lab is in: finding the bucket by logarithm was about 6 % of the core's
  // time. Each octave is cut into 64 cells by the top six bits of the mantissa; a cell is at most
  // 1.6 % wide, narrower than a bucket (2 %), so it meets at most one bucket's start. The table
  // holds each cell's bucket at its first value, and each bucket's first value, both found with
  // the logarithm itself: the answer is the same for every value
  // (LogHistogram.TableAgreesWithTheLogarithm checks it around every boundary).
  class BucketTable {
   public:
    static constexpr int kCellBits = 6;
    static constexpr int kFirstExponent = -20;
    static constexpr int kEndExponent = 14;
    static constexpr double kEnd = 16384.0;  // 2^kEndExponent

    // Built on first use, not at program start, so that a caller during another file's static
    // initialisation cannot find it unbuilt.
    static const BucketTable& get() {
      static const BucketTable table;
      return table;
    }

    // The bucket of a value in [2^kFirstExponent, kEnd).
    int bucket_of(double value) const {
      const std::uint64_t cell =
          (std::bit_cast<std::uint64_t>(value) >> (52 - kCellBits)) - kFirstCell;
      const int bucket = cell_buckets_[cell];
      // One comparison, not a loop: a cell meets at most one bucket's start, and a branch here
      // would be mispredicted about half the time.
      return bucket + static_cast<int>(value >= first_value(bucket + 1));
    }

   private:
    BucketTable();
    // The cell of 2^kFirstExponent: its biased exponent above the mantissa's top bits.
    static constexpr std::uint64_t kFirstCell = std::uint64_t{kFirstExponent + 1023} << kCellBits;

    double first_value(int bucket) const {
      return first_values_[static_cast<std::size_t>(bucket - first_bucket_)];
    }
    // The smallest double in `bucket`: from gamma^(bucket - 1), stepped to the exact edge.
    static double first_value_of(int bucket);

    int first_bucket_ = 0;
    std::vector<double> first_values_;  // [k]: the first value of bucket first_bucket_ + k
    std::vector<int> cell_buckets_;
  };

  // index_of() for a value outside the table: the tiny values' bucket, NaN's, or by logarithm.
  static int index_outside_table(double value);
  void ensure(int index);

  std::vector<std::uint64_t> buckets_;  // buckets_[k] counts index first_index_ + k
  int first_index_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0.0;
};

}  // namespace hb::core
