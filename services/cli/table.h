// Output for people and for scripts: an aligned text table or RFC 4180 CSV.
#ifndef INTERCO_SERVICES_CLI_TABLE_H_
#define INTERCO_SERVICES_CLI_TABLE_H_

#include <string>
#include <vector>

namespace interco::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  // `right_aligned[i]` for numeric columns.
  void SetRightAligned(std::vector<bool> right_aligned) { right_ = std::move(right_aligned); }
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t size() const { return rows_.size(); }  // rows, without the header
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }
  bool right_aligned(size_t column) const { return column < right_.size() && right_[column]; }

  std::string Text() const;
  std::string Csv() const;

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_TABLE_H_
