// Elements that never move once added, as in a std::deque (references to them stay valid as more
// are added), found by index through a table of pointers. A std::deque's operator[] works out the
// block and the place in it, and for elements bigger than its 512-byte blocks (a Pod) takes a
// branch that an index other than the first one's mispredicts: on a virtual month, 6 % of all
// mispredictions, one or more for every request. Here an index is one load.
#pragma once

#include <cstddef>
#include <deque>
#include <utility>
#include <vector>

namespace hb::core {

template <typename T>
class StableSlots {
 public:
  using iterator = typename std::deque<T>::iterator;
  using const_iterator = typename std::deque<T>::const_iterator;

  StableSlots() = default;
  StableSlots(const StableSlots& other) : items_(other.items_) { point_at_items(); }
  StableSlots& operator=(const StableSlots& other) {
    items_ = other.items_;
    point_at_items();
    return *this;
  }
  // A moved std::deque keeps its elements where they are, and so the pointers stay right.
  StableSlots(StableSlots&&) noexcept = default;
  StableSlots& operator=(StableSlots&&) noexcept = default;
  ~StableSlots() = default;

  T& operator[](std::size_t index) { return *at_[index]; }
  const T& operator[](std::size_t index) const { return *at_[index]; }
  T& at(std::size_t index) { return *at_.at(index); }
  const T& at(std::size_t index) const { return *at_.at(index); }

  template <typename... Args>
  T& emplace_back(Args&&... args) {
    T& added = items_.emplace_back(std::forward<Args>(args)...);
    at_.push_back(&added);
    return added;
  }
  void push_back(T value) { emplace_back(std::move(value)); }

  std::size_t size() const { return at_.size(); }
  bool empty() const { return at_.empty(); }
  iterator begin() { return items_.begin(); }
  iterator end() { return items_.end(); }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }

 private:
  void point_at_items() {
    at_.clear();
    for (T& item : items_) at_.push_back(&item);
  }

  std::deque<T> items_;
  std::vector<T*> at_;  // at_[i] is &items_[i]
};

}  // namespace hb::core
