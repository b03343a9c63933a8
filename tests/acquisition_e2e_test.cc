// End to end against the real server: an acquisition is a structure version written once per
// request_id, synced before the reply (it survives a SIGKILL), read back exactly, as of any
// earlier structure version, listed in pages; a correction replaces it; and the records it
// relies on (the edge, the functional currencies) cannot change under it.
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using S = v1::GroupStructureService::Stub;

// P (EUR) buys 80% of S (USD) on 2024-01-01 for EUR 1,000.50, NCI at a fair value of USD
// 250, inventory written up by USD 40.25.
constexpr char kAcquisition[] = R"pb(
  request_id: "acq-P-S"
  acquisition {
    holder_id: "P"
    held_id: "S"
    acquisition_date { year: 2024 month: 1 day: 1 }
    consideration { currency_code: "EUR" units: 1000 nanos: 500000000 }
    investment_account: "1500"
    nci_measurement: NCI_MEASUREMENT_FAIR_VALUE
    nci_fair_value { currency_code: "USD" units: 250 }
    fair_value_adjustments {
      account: "1300"
      amount { currency_code: "USD" units: 40 nanos: 250000000 }
    }
  })pb";

v1::UpsertAcquisitionRequest Acquisition(const std::string& text = kAcquisition) {
  v1::UpsertAcquisitionRequest request;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &request)) << text;
  return request;
}

class AcquisitionE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = FreshTempDir("acquisitions");
    StartServer();
    // Versions 1 to 5: P (EUR), S (USD), T (EUR); P holds 80% of S and 60% of T.
    for (const auto& [id, currency] : {std::pair{"P", "EUR"}, {"S", "USD"}, {"T", "EUR"}}) {
      v1::UpsertEntityResponse response;
      ASSERT_TRUE(Call(*stub_, &S::UpsertEntity,
                       EntityRequest(id, std::string("e-") + id, currency), &response)
                      .ok());
    }
    for (const auto& [held, share] : {std::pair{"S", "0.8"}, {"T", "0.6"}}) {
      v1::AddOwnershipEdgeResponse response;
      ASSERT_TRUE(Call(*stub_, &S::AddOwnershipEdge,
                       EdgeRequest("P", held, share, std::string("edge-P") + held), &response)
                      .ok());
    }
    auto chart = v1::TrialBalanceService::NewStub(server_->Channel());
    for (const char* text : {R"pb(account_id: "1300"
                                  name: "Inventory"
                                  account_class: ACCOUNT_CLASS_ASSET
                                  statement_line: "BS.ASSETS.INVENTORY"
                                  elimination_family: ELIMINATION_FAMILY_NONE)pb",
                             R"pb(account_id: "1500"
                                  name: "Investments"
                                  account_class: ACCOUNT_CLASS_ASSET
                                  statement_line: "BS.ASSETS.INVESTMENTS"
                                  elimination_family: ELIMINATION_FAMILY_INVESTMENT_EQUITY
                                  investment_in_held_entity: true)pb"}) {
      v1::UpsertGroupAccountRequest request;
      ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, request.mutable_account()));
      request.set_request_id("account-" + request.account().account_id());
      v1::UpsertGroupAccountResponse response;
      ASSERT_TRUE(
          Call(*chart, &v1::TrialBalanceService::Stub::UpsertGroupAccount, request, &response)
              .ok());
    }
  }

  void StartServer() {
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data_dir_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::GroupStructureService::NewStub(server_->Channel());
  }

  grpc::Status Upsert(const v1::UpsertAcquisitionRequest& request,
                      v1::UpsertAcquisitionResponse* response) {
    return Call(*stub_, &S::UpsertAcquisition, request, response);
  }

  grpc::Status Get(uint64_t as_of, v1::VersionedAcquisition* read) {
    v1::GetAcquisitionRequest request;
    request.set_holder_id("P");
    request.set_held_id("S");
    request.set_as_of_structure_version(as_of);
    return Call(*stub_, &S::GetAcquisition, request, read);
  }

  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<S> stub_;
};

TEST_F(AcquisitionE2eTest, AnUpsertIsOneVersionThatReadsBackExactlyAndSurvivesAKill) {
  const v1::UpsertAcquisitionRequest request = Acquisition();
  v1::UpsertAcquisitionResponse written;
  ASSERT_TRUE(Upsert(request, &written).ok());
  EXPECT_EQ(written.structure_version(), 6u);
  EXPECT_TRUE(MessageDifferencer::Equals(written.acquisition(), request.acquisition()))
      << written.acquisition().ShortDebugString();

  v1::ListStructureVersionsRequest versions_request;
  v1::ListStructureVersionsResponse versions;
  ASSERT_TRUE(Call(*stub_, &S::ListStructureVersions, versions_request, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 6);
  EXPECT_EQ(versions.versions(5).change(), "upsert acquisition P -> S");
  EXPECT_EQ(versions.versions(5).request_id(), "acq-P-S");

  // The reply came after the sync: a killed server reopens with the acquisition.
  server_.reset();
  StartServer();
  v1::VersionedAcquisition read;
  ASSERT_TRUE(Get(0, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read.acquisition(), request.acquisition()))
      << read.acquisition().ShortDebugString();
  EXPECT_EQ(read.structure_version(), 6u);
}

TEST_F(AcquisitionE2eTest, ARetryGetsTheSameReplyAndOtherContentIsAlreadyExists) {
  v1::UpsertAcquisitionResponse first, again;
  ASSERT_TRUE(Upsert(Acquisition(), &first).ok());
  ASSERT_TRUE(Upsert(Acquisition(), &again).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(first, again));
  v1::UpsertAcquisitionRequest other = Acquisition();
  other.mutable_acquisition()->mutable_consideration()->set_units(1001);
  const grpc::Status status = Upsert(other, &again);
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "request_id");
  v1::VersionedAcquisition read;
  ASSERT_TRUE(Get(0, &read).ok());
  EXPECT_EQ(read.structure_version(), first.structure_version());
}

TEST_F(AcquisitionE2eTest, ACorrectionReplacesAndEarlierVersionsReadWhatTheyHeld) {
  v1::UpsertAcquisitionResponse original, corrected;
  ASSERT_TRUE(Upsert(Acquisition(), &original).ok());
  v1::UpsertAcquisitionRequest correction = Acquisition();
  correction.set_request_id("acq-P-S-2");
  v1::Acquisition* a = correction.mutable_acquisition();
  a->mutable_consideration()->set_units(1100);
  a->mutable_consideration()->set_nanos(0);
  a->set_nci_measurement(v1::NCI_MEASUREMENT_PROPORTIONATE);
  a->clear_nci_fair_value();
  a->clear_fair_value_adjustments();
  ASSERT_TRUE(Upsert(correction, &corrected).ok());
  EXPECT_EQ(corrected.structure_version(), original.structure_version() + 1);

  v1::VersionedAcquisition read;
  ASSERT_TRUE(Get(0, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read.acquisition(), correction.acquisition()));
  EXPECT_EQ(read.structure_version(), corrected.structure_version());
  ASSERT_TRUE(Get(original.structure_version(), &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read.acquisition(), Acquisition().acquisition()));
  EXPECT_EQ(read.structure_version(), original.structure_version());

  grpc::Status before = Get(original.structure_version() - 1, &read);
  EXPECT_EQ(before.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(before), "held_id");
  EXPECT_EQ(ErrorReason(before), "UNKNOWN_ACQUISITION");
  grpc::Status beyond = Get(corrected.structure_version() + 1, &read);
  EXPECT_EQ(beyond.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ViolatedField(beyond), "as_of_structure_version");

  v1::ListAcquisitionsRequest list;
  list.set_as_of_structure_version(original.structure_version());
  v1::ListAcquisitionsResponse listed;
  ASSERT_TRUE(Call(*stub_, &S::ListAcquisitions, list, &listed).ok());
  ASSERT_EQ(listed.acquisitions_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(listed.acquisitions(0).acquisition(),
                                         Acquisition().acquisition()));
}

TEST_F(AcquisitionE2eTest, AcquisitionsListInPagesByHolderThenHeld) {
  v1::UpsertAcquisitionResponse response;
  v1::UpsertAcquisitionRequest of_t = Acquisition();
  of_t.set_request_id("acq-P-T");
  of_t.mutable_acquisition()->set_held_id("T");
  of_t.mutable_acquisition()->set_nci_measurement(v1::NCI_MEASUREMENT_PROPORTIONATE);
  of_t.mutable_acquisition()->clear_nci_fair_value();
  of_t.mutable_acquisition()->clear_fair_value_adjustments();
  ASSERT_TRUE(Upsert(of_t, &response).ok());
  ASSERT_TRUE(Upsert(Acquisition(), &response).ok());
  v1::ListAcquisitionsRequest request;
  request.set_page_size(1);
  std::vector<std::string> held;
  std::vector<uint64_t> versions;
  for (int pages = 0; pages < 10; ++pages) {
    v1::ListAcquisitionsResponse page;
    ASSERT_TRUE(Call(*stub_, &S::ListAcquisitions, request, &page).ok());
    for (const v1::VersionedAcquisition& item : page.acquisitions()) {
      held.push_back(item.acquisition().held_id());
      versions.push_back(item.structure_version());
    }
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(held, (std::vector<std::string>{"S", "T"}));
  EXPECT_EQ(versions, (std::vector<uint64_t>{7, 6}));
  request.set_page_token("not-a-token");
  v1::ListAcquisitionsResponse page;
  EXPECT_EQ(ViolatedField(Call(*stub_, &S::ListAcquisitions, request, &page)), "page_token");
}

TEST_F(AcquisitionE2eTest, RefusalsNameTheWireFieldAndWriteNothing) {
  struct Refused {
    std::string name;
    std::string from, to;  // A change of kAcquisition: every `from` becomes `to`.
    grpc::StatusCode code;
    std::string field, reason;
  };
  const std::vector<Refused> cases = {
      {"consideration in the held entity's currency", R"(currency_code: "EUR")",
       R"(currency_code: "USD")", grpc::INVALID_ARGUMENT, "acquisition.consideration.currency_code",
       "NOT_FUNCTIONAL_CURRENCY"},
      {"held amounts in the holder's currency", R"(currency_code: "USD")",
       R"(currency_code: "EUR")", grpc::INVALID_ARGUMENT,
       "acquisition.nci_fair_value.currency_code", "NOT_FUNCTIONAL_CURRENCY"},
      {"adjustment to an account outside the chart", R"(account: "1300")", R"(account: "1999")",
       grpc::NOT_FOUND, "acquisition.fair_value_adjustments[0].account", "UNKNOWN_ACCOUNT"},
      {"investment account not flagged", R"(investment_account: "1500")",
       R"(investment_account: "1300")", grpc::FAILED_PRECONDITION, "acquisition.investment_account",
       "NOT_AN_INVESTMENT_ACCOUNT"},
      {"mid-month", "day: 1 }", "day: 15 }", grpc::INVALID_ARGUMENT, "acquisition.acquisition_date",
       "NOT_FIRST_OF_MONTH"},
  };
  for (const Refused& refused : cases) {
    SCOPED_TRACE(refused.name);
    ASSERT_NE(std::string(kAcquisition).find(refused.from), std::string::npos);
    const std::string text = absl::StrReplaceAll(kAcquisition, {{refused.from, refused.to}});
    v1::UpsertAcquisitionResponse response;
    const grpc::Status status = Upsert(Acquisition(text), &response);
    EXPECT_EQ(status.error_code(), refused.code) << status.error_message();
    EXPECT_EQ(ViolatedField(status), refused.field) << status.error_message();
    EXPECT_EQ(ErrorReason(status), refused.reason) << status.error_message();
  }
  v1::ListStructureVersionsResponse versions;
  ASSERT_TRUE(
      Call(*stub_, &S::ListStructureVersions, v1::ListStructureVersionsRequest(), &versions).ok());
  EXPECT_EQ(versions.versions_size(), 5);
}

TEST_F(AcquisitionE2eTest, TheEdgeAndTheCurrenciesCannotChangeUnderAnAcquisition) {
  v1::UpsertAcquisitionRequest in_june = Acquisition();
  *in_june.mutable_acquisition()->mutable_acquisition_date() = Date(2024, 6, 1);
  v1::UpsertAcquisitionResponse response;
  ASSERT_TRUE(Upsert(in_june, &response).ok());

  v1::EndOwnershipEdgeRequest end;
  end.set_request_id("end-P-S");
  end.set_holder_id("P");
  end.set_held_id("S");
  *end.mutable_valid_from() = Date(2024, 1, 1);
  *end.mutable_valid_to() = Date(2024, 6, 1);
  v1::EndOwnershipEdgeResponse ended;
  grpc::Status status = Call(*stub_, &S::EndOwnershipEdge, end, &ended);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "valid_to");
  EXPECT_EQ(ErrorReason(status), "ENDS_BEFORE_ACQUISITION");

  v1::UpsertEntityRequest s_in_chf = EntityRequest("S", "e-S-chf", "CHF");
  v1::UpsertEntityResponse upserted;
  status = Call(*stub_, &S::UpsertEntity, s_in_chf, &upserted);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "entity.functional_currency");
  EXPECT_EQ(ErrorReason(status), "ENTITY_HAS_ACQUISITIONS");
  s_in_chf.mutable_entity()->set_functional_currency_effective_period("2024-07");
  EXPECT_TRUE(Call(*stub_, &S::UpsertEntity, s_in_chf, &upserted).ok());

  // The acquisition still reads in USD, S's currency on its date.
  v1::VersionedAcquisition read;
  ASSERT_TRUE(Get(0, &read).ok());
  EXPECT_EQ(read.acquisition().nci_fair_value().currency_code(), "USD");
}

}  // namespace
}  // namespace interco::testing
