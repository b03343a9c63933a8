// The group chart as a report uses it: the accounts of the chart version a consolidation
// read, and each entity's own accounts (a trial balance's, or the ledger's as postings name
// them) mapped onto them. The elimination matrix classifies by it and the tables caption
// accounts with it, so that neither guesses from an account's first digit.
#ifndef INTERCO_SERVICES_CLI_REPORT_CHART_H_
#define INTERCO_SERVICES_CLI_REPORT_CHART_H_

#include <map>
#include <string>
#include <utility>

#include "interco/v1/trial_balance.pb.h"

namespace interco::cli {

class ReportChart {
 public:
  void AddAccount(const v1::GroupAccount& account);
  // `entity`'s mapping from `local_account` to `group_account`, in effect from `valid_from`
  // ("2024-06-01"); of a local account's mappings the latest wins, so the caller adds only
  // those in effect by the period's end.
  void AddMapping(const std::string& entity, const std::string& valid_from,
                  const std::string& local_account, const std::string& group_account);

  // The group account `entity`'s `account` is: the chart's account of that id, else the
  // one `entity`'s mapping names. nullptr when the chart says nothing of it.
  const v1::GroupAccount* Find(const std::string& entity, const std::string& account) const;
  // "1200 Intercompany receivables" for a group account's bare id "1200"; any other
  // account (the ledger's "1200 trade receivable" already has its caption) unchanged.
  std::string Caption(const std::string& account) const;

 private:
  std::map<std::string, v1::GroupAccount> accounts_;
  // entity -> local account -> (valid_from, group account)
  std::map<std::string, std::map<std::string, std::pair<std::string, std::string>>> mappings_;
};

// An elimination family in words for the matrix's columns: "receivable/payable",
// "income/expense", "interest", "dividends", "investment/equity", "other" (the family NONE).
std::string EliminationFamilyText(v1::EliminationFamily family);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_REPORT_CHART_H_
