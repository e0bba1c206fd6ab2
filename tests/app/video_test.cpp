// The walk-through video: its plan (pure), and the film the binary writes, read back
// with libavformat and compared with the slides of the same stops.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <regex>

#include "app/model/video_plan.hpp"
#include "geo/image.hpp"
#include "support/frame.hpp"
#include "support/video_decode.hpp"

namespace {
namespace fs = std::filesystem;

geo::Bookmark stop(double dwell, const char* from = "", const char* to = "") {
  geo::Bookmark b;
  b.dwell = dwell;
  b.sweep_from = from;
  b.sweep_to = to;
  return b;
}

// Per stop, from the binary's stderr: its middle frame.
std::vector<size_t> middle_frames(const std::string& log) {
  std::vector<size_t> out;
  const std::regex line(R"(stop (\d+) '[^']*': frames \d+-\d+, held from frame \d+, middle (\d+))");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator(); ++it)
    out.push_back(std::stoul((*it)[2]));
  return out;
}

// How far two RGBA images are apart: the mean absolute difference per channel, and the
// share of pixels off by more than `far` in some channel.
struct Difference {
  double mean = 0, far_share = 0;
};
Difference difference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, int far) {
  Difference d;
  size_t far_pixels = 0;
  double sum = 0;
  for (size_t i = 0; i + 3 < a.size() && i + 3 < b.size(); i += 4) {
    int worst = 0;
    for (int c = 0; c < 3; ++c) {
      const int e = std::abs(a[i + c] - b[i + c]);
      sum += e;
      worst = std::max(worst, e);
    }
    if (worst > far) ++far_pixels;
  }
  d.mean = sum / (a.size() / 4 * 3);
  d.far_share = static_cast<double>(far_pixels) / (a.size() / 4);
  return d;
}

// Frame `frame` of `v` against DIR/slides/slide-NN.png (NN = `slide`, 1-based).
Difference against_slide(const testdata::DecodedVideo& v, size_t frame, size_t slide, const std::string& dir) {
  char name[48];
  std::snprintf(name, sizeof name, "/slides/slide-%02zu.png", slide);
  auto image = geo::read_image(dir + name);
  REQUIRE(image);
  REQUIRE(v.rgba.count(frame) == 1);
  return difference(v.rgba.at(frame), image.value().rgba, 48);
}

// The frame count the binary announced.
size_t filmed_frames(const std::string& log) {
  std::smatch m;
  return std::regex_search(log, m, std::regex(R"(, (\d+) frames at \d+ fps)")) ? std::stoul(m[1]) : 0;
}

}  // namespace

TEST_CASE("a video plan flies to each stop, holds its dwell and counts frames at the frame rate", "[video]") {
  const std::vector<geo::Bookmark> stops = {stop(0), stop(2.5), stop(3, "2022-01-01", "2023-01-01")};
  const std::vector<app::View> views = {{0, 0, 1000}, {5000, 0, 1000}, {5000, 4000, 200}};
  const app::VideoPlan plan = app::plan_video(stops, views, 25);
  REQUIRE(plan.stops.size() == 3);
  CHECK(plan.stops[0].fly == 0.0);
  CHECK(plan.stops[0].hold == app::kDefaultDwellSeconds);
  CHECK(plan.stops[1].hold == 2.5);
  const double fly1 = app::FlyTo(views[0], views[1]).recommended_seconds();
  CHECK(plan.stops[1].fly == Approx(fly1));
  CHECK(plan.stops[1].start == Approx(4.0));
  CHECK(plan.seconds() == Approx(4.0 + fly1 + 2.5 + plan.stops[2].fly + 3.0));
  CHECK(plan.frames == static_cast<size_t>(std::llround(plan.seconds() * 25)));

  // Frame 0 is the first stop; the first frame of a flight is where the last stop was,
  // the middle of a hold is the stop itself.
  CHECK(app::video_frame(plan, 0).stop == 0);
  CHECK_FALSE(app::video_frame(plan, 0).flying);
  const size_t flight = static_cast<size_t>(std::ceil(plan.stops[1].start * 25));
  const app::VideoFrame f = app::video_frame(plan, flight);
  CHECK(f.stop == 1);
  CHECK(f.flying);
  CHECK(f.view.cx == Approx(0).margin(1.0));
  const app::VideoFrame mid = app::video_frame(plan, app::middle_frame(plan, 1));
  CHECK_FALSE(mid.flying);
  CHECK(mid.view.cx == 5000);
  CHECK(mid.day == geo::kNoDay);  // no sweep: the stop's own date

  // The sweep: its start date early in the hold, rising, its end date from the middle on.
  const geo::Day from = *geo::parse_date("2022-01-01"), to = *geo::parse_date("2023-01-01");
  const size_t hold = static_cast<size_t>(std::ceil(plan.stops[2].hold_start() * 25));
  CHECK(app::video_frame(plan, hold).day == from);
  geo::Day last = from;
  for (size_t n = hold; n < plan.frames; ++n) {
    const geo::Day d = app::video_frame(plan, n).day;
    REQUIRE(d >= last);
    last = d;
  }
  CHECK(app::video_frame(plan, app::middle_frame(plan, 2)).day == to);
  CHECK(app::video_frame(plan, plan.frames - 1).day == to);
  CHECK(app::video_frame(plan, plan.frames + 100).stop == 2);  // past the end: the last frame
}

TEST_CASE("the walk-through film decodes to duration times fps frames and each stop's middle is its slide",
          "[video][binary]") {
  const std::string dir = testdata::temp_dir("video");
  const std::string film = dir + "/walk.mp4";
  std::string log;
  const int rc = testdata::run_renewmap("--export-video " + film + " --size 480x270 --fps 10", log);
  INFO(log);
  REQUIRE(rc == 0);
  CHECK(log.find("H.264 (libx264)") != std::string::npos);  // said, and Debian's libavcodec has it
  const std::vector<size_t> middles = middle_frames(log);
  REQUIRE(middles.size() == 5);  // the Laoshan walk-through's five stops

  std::string slides_log;
  REQUIRE(testdata::run_renewmap("--export-slides " + dir + "/slides --size 480x270", slides_log) == 0);

  const testdata::DecodedVideo v = testdata::decode_video(film, middles);
  INFO(v.error);
  REQUIRE(v.error.empty());
  CHECK(v.codec == "h264");
  CHECK(v.width == 480);
  CHECK(v.height == 270);
  CHECK(v.fps == Approx(10));
  // Laoshan: dwell 6 + 6 + 5 + 4 + 4 s and four flights of 0.6-2 s each.
  CHECK(v.duration > 25.0 + 4 * 0.6 - 0.2);
  CHECK(v.duration < 25.0 + 4 * 2.0 + 0.2);
  CHECK(v.frames == static_cast<size_t>(std::llround(v.duration * 10)));
  CHECK(v.frames == filmed_frames(log));
  for (size_t k = 0; k < middles.size(); ++k) {
    const Difference d = against_slide(v, middles[k], k + 1, dir);
    INFO("stop " << k + 1 << ": mean difference " << d.mean << ", share of pixels off by > 48: " << d.far_share);
    CHECK(d.mean < 3.0);
    CHECK(d.far_share < 0.01);
    // And not just any frame: the stop's flight start (the previous stop) differs.
    if (k > 0) CHECK(against_slide(v, middles[k], k, dir).far_share > 0.05);
  }
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);  // walk.mp4, slides/
}

TEST_CASE("without an H.264 encoder the film is MPEG-4 Part 2, and says so", "[video][binary]") {
  const std::string dir = testdata::temp_dir("video-mpeg4");
  std::string log;
  const int rc = testdata::run_command("RENEWMAP_VIDEO_ENCODER=mpeg4 " + std::string(RENEWMAP_BINARY) +
                                           " --export-video " + dir + "/walk.mp4 --size 320x180 --fps 5",
                                       log);
  INFO(log);
  REQUIRE(rc == 0);
  CHECK(log.find("MPEG-4 Part 2 (mpeg4)") != std::string::npos);
  const std::vector<size_t> middles = middle_frames(log);
  REQUIRE(middles.size() == 5);
  std::string slides_log;
  REQUIRE(testdata::run_renewmap("--export-slides " + dir + "/slides --size 320x180", slides_log) == 0);
  const testdata::DecodedVideo v = testdata::decode_video(dir + "/walk.mp4", {middles[0]});
  REQUIRE(v.error.empty());
  CHECK(v.codec == "mpeg4");
  CHECK(v.frames == filmed_frames(log));
  const Difference d = against_slide(v, middles[0], 1, dir);
  INFO("mean " << d.mean << ", far " << d.far_share);
  CHECK(d.mean < 4.0);
  CHECK(d.far_share < 0.02);
}

TEST_CASE("a GIF of the walk-through plays every frame with its palette", "[video][binary]") {
  const std::string dir = testdata::temp_dir("video-gif");
  std::string log;
  const int rc = testdata::run_renewmap("--export-video " + dir + "/walk.gif --size 320x180 --fps 5", log);
  INFO(log);
  REQUIRE(rc == 0);
  const std::vector<size_t> middles = middle_frames(log);
  REQUIRE(middles.size() == 5);
  std::string slides_log;
  REQUIRE(testdata::run_renewmap("--export-slides " + dir + "/slides --size 320x180", slides_log) == 0);
  const testdata::DecodedVideo v = testdata::decode_video(dir + "/walk.gif", {middles[2]});
  INFO(v.error);
  REQUIRE(v.error.empty());
  CHECK(v.codec == "gif");
  CHECK(v.width == 320);
  CHECK(v.frames == filmed_frames(log));
  CHECK(v.frames > middles.back());
  const Difference d = against_slide(v, middles[2], 3, dir);
  INFO("mean " << d.mean << ", far " << d.far_share);
  CHECK(d.mean < 3.0);
  CHECK(d.far_share < 0.01);
}

TEST_CASE("a video that cannot be written says why and leaves no file under its name", "[video][binary]") {
  const std::string dir = testdata::temp_dir("video-bad");
  std::string log;
  SECTION("a folder that does not exist") {
    const int rc = testdata::run_renewmap("--export-video " + dir + "/no/such/walk.mp4 --size 320x180", log);
    CHECK(rc == 1);
    CHECK(log.find(dir + "/no/such/walk.mp4") != std::string::npos);
    CHECK(log.find("No such file or directory") != std::string::npos);
  }
  SECTION("the disk fills up (a file-size limit: writes fail with EFBIG)") {
    const int rc = testdata::run_command(
        "ulimit -f 64; " + std::string(RENEWMAP_BINARY) + " --export-video " + dir + "/walk.mp4 --size 320x180", log);
    CHECK(rc == 1);
    CHECK(log.find(dir + "/walk.mp4") != std::string::npos);
    CHECK(log.find("File too large") != std::string::npos);
  }
  SECTION("an odd size for H.264") {
    const int rc = testdata::run_renewmap("--export-video " + dir + "/walk.mp4 --size 321x180", log);
    CHECK(rc == 1);
    CHECK(log.find("even width and height") != std::string::npos);
  }
  SECTION("a name that is no video") {
    const int rc = testdata::run_renewmap("--export-video " + dir + "/walk.xyz --size 320x180", log);
    CHECK(rc == 1);
    CHECK(log.find("use .mp4") != std::string::npos);
  }
  INFO(log);
  CHECK(fs::is_empty(dir));  // neither the film nor a partial file
}
