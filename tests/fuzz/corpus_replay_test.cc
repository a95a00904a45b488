// Replays every file of tests/fuzz/corpus (seeds, fuzzer finds, crash reproducers) through the
// loader and the model in the normal build, so a fixed crash or hang stays fixed.
#include "tests/fuzz/fuzz_input.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace igw::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(IGW_SOURCE_DIR) / "tests" / "fuzz" / "corpus";

// Aborts the process when one input runs longer than the bound: a hang must fail the test run
// (with the file named) instead of stalling it until ctest's own timeout.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::seconds bound) : bound_(bound), thread_([this] { watch(); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void start(std::string name) {
    std::lock_guard<std::mutex> lock(mu_);
    current_ = std::move(name);
    deadline_ = std::chrono::steady_clock::now() + bound_;
    busy_ = true;
    cv_.notify_all();
  }
  void done() {
    std::lock_guard<std::mutex> lock(mu_);
    busy_ = false;
    cv_.notify_all();
  }

 private:
  void watch() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      if (!busy_) {
        cv_.wait(lock);
        continue;
      }
      if (cv_.wait_until(lock, deadline_) == std::cv_status::timeout && busy_ &&
          std::chrono::steady_clock::now() >= deadline_) {
        std::fprintf(stderr, "watchdog: %s still running after %lld s\n", current_.c_str(),
                     static_cast<long long>(bound_.count()));
        std::fflush(stderr);
        std::abort();
      }
    }
  }

  std::chrono::seconds bound_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string current_;
  std::chrono::steady_clock::time_point deadline_;
  bool busy_ = false;
  bool stop_ = false;
  std::thread thread_;
};

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(kCorpus, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file())
      out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(CorpusReplayDeathTest, WatchdogAbortsAHang) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Watchdog watchdog(std::chrono::seconds(1));
        watchdog.start("slow-input");
        std::this_thread::sleep_for(std::chrono::seconds(30));
      },
      "watchdog: slow-input still running after 1 s");
}

TEST(CorpusReplay, CorpusIsPresentAndSmall) {
  auto files = corpus_files();
  ASSERT_FALSE(files.empty()) << "no corpus at " << kCorpus;
  uintmax_t total = 0;
  for (const auto& f : files)
    total += fs::file_size(f);
  EXPECT_LE(files.size(), 600u) << "merge the corpus (-merge=1) before checking it in";
  EXPECT_LT(total, 2u * 1024 * 1024) << "merge the corpus (-merge=1) before checking it in";
}

TEST(CorpusReplay, EveryFileLoadsWithoutCrashOrHang) {
  auto files = corpus_files();
  ASSERT_FALSE(files.empty()) << "no corpus at " << kCorpus;
  // Generous: the slowest corpus input takes milliseconds even in a sanitized debug build.
  Watchdog watchdog(std::chrono::seconds(60));
  for (const auto& f : files) {
    std::string bytes = read_file(f);
    watchdog.start(f.filename().string());
    load_and_parse(bytes);
    watchdog.done();
  }
  SUCCEED() << files.size() << " corpus files replayed";
}

}  // namespace
}  // namespace igw::fuzz
