#include "app/platform/video_writer.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

namespace app::platform {
namespace fs = std::filesystem;

namespace {

std::string av_error(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
  av_strerror(code, buf, sizeof buf);
  return buf;
}

bool ends_with(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  if (s.size() < n) return false;
  for (size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - n + i])) != suffix[i]) return false;
  return true;
}

// A palette of at most 256 colours for one RGBA frame: the most used colours at 5 bits
// a channel (a map is mostly flat fills), each the mean of the pixels it stands for;
// every other colour maps to its nearest entry.
class Quantizer {
 public:
  void quantize(const uint8_t* rgba, size_t pixels, uint8_t* index, uint32_t* palette) {
    count_.assign(kBins, 0);
    sum_.assign(kBins * 3, 0);
    for (size_t i = 0; i < pixels; ++i) {
      const uint8_t* p = rgba + i * 4;
      const size_t b = bin(p);
      ++count_[b];
      sum_[b * 3] += p[0];
      sum_[b * 3 + 1] += p[1];
      sum_[b * 3 + 2] += p[2];
    }
    std::vector<uint32_t> used;
    for (uint32_t b = 0; b < kBins; ++b)
      if (count_[b]) used.push_back(b);
    const size_t n = std::min<size_t>(used.size(), 256);
    std::partial_sort(used.begin(), used.begin() + static_cast<long>(n), used.end(),
                      [&](uint32_t a, uint32_t b) { return count_[a] > count_[b]; });
    colours_.clear();
    for (size_t i = 0; i < 256; ++i) {
      std::array<int, 3> c{0, 0, 0};
      if (i < n) {
        const uint32_t b = used[i];
        for (int k = 0; k < 3; ++k) c[k] = static_cast<int>(sum_[b * 3 + k] / count_[b]);
        colours_.push_back(c);
      }
      palette[i] = 0xFF000000u | static_cast<uint32_t>(c[0]) << 16 | static_cast<uint32_t>(c[1]) << 8 |
                   static_cast<uint32_t>(c[2]);
    }
    nearest_.assign(kBins, -1);
    for (size_t i = 0; i < n; ++i) nearest_[used[i]] = static_cast<int16_t>(i);
    for (size_t i = 0; i < pixels; ++i) {
      const uint8_t* p = rgba + i * 4;
      const size_t b = bin(p);
      if (nearest_[b] < 0) nearest_[b] = closest(p);
      index[i] = static_cast<uint8_t>(nearest_[b]);
    }
  }

 private:
  static constexpr uint32_t kBins = 1u << 15;
  static size_t bin(const uint8_t* p) { return (p[0] >> 3) << 10 | (p[1] >> 3) << 5 | (p[2] >> 3); }
  int16_t closest(const uint8_t* p) const {
    int best = 0, best_d = 1 << 30;
    for (size_t i = 0; i < colours_.size(); ++i) {
      const int dr = colours_[i][0] - p[0], dg = colours_[i][1] - p[1], db = colours_[i][2] - p[2];
      const int d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
      if (d < best_d) best_d = d, best = static_cast<int>(i);
    }
    return static_cast<int16_t>(best);
  }
  std::vector<uint32_t> count_;
  std::vector<uint64_t> sum_;
  std::vector<std::array<int, 3>> colours_;
  std::vector<int16_t> nearest_;
};

}  // namespace

struct VideoWriter::Impl {
  std::string path, partial;
  int width = 0, height = 0, fps = 30;
  bool gif = false, finished = false;
  std::string codec;
  AVFormatContext* format = nullptr;
  AVCodecContext* encoder = nullptr;
  AVStream* stream = nullptr;
  AVFrame* frame = nullptr;
  AVPacket* packet = nullptr;
  SwsContext* sws = nullptr;
  Quantizer quantizer;
  int64_t next_pts = 0;

  ~Impl() {
    sws_freeContext(sws);
    av_packet_free(&packet);
    av_frame_free(&frame);
    avcodec_free_context(&encoder);
    if (format) {
      if (format->pb) avio_closep(&format->pb);
      avformat_free_context(format);
    }
    if (!finished && !partial.empty()) {
      std::error_code ec;
      fs::remove(partial, ec);
    }
  }

  std::string fail(const std::string& what) const { return "'" + path + "': " + what; }

  // Sends `f` (null: flush) and writes every packet the encoder gives back.
  bool encode(AVFrame* f, std::string& error) {
    int r = avcodec_send_frame(encoder, f);
    if (r < 0) {
      error = fail("encoding failed: " + av_error(r));
      return false;
    }
    for (;;) {
      r = avcodec_receive_packet(encoder, packet);
      if (r == AVERROR(EAGAIN) || r == AVERROR_EOF) break;
      if (r < 0) {
        error = fail("encoding failed: " + av_error(r));
        return false;
      }
      av_packet_rescale_ts(packet, encoder->time_base, stream->time_base);
      packet->stream_index = stream->index;
      r = av_interleaved_write_frame(format, packet);
      if (r < 0 || (format->pb && format->pb->error < 0)) {
        error = fail("cannot write: " + av_error(r < 0 ? r : format->pb->error));
        return false;
      }
    }
    return true;
  }
};

VideoWriter::VideoWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VideoWriter::~VideoWriter() = default;
const std::string& VideoWriter::codec() const { return impl_->codec; }
size_t VideoWriter::frames() const { return static_cast<size_t>(impl_->next_pts); }

std::unique_ptr<VideoWriter> VideoWriter::open(const std::string& path, int width, int height, int fps,
                                               std::string& error) {
  auto v = std::make_unique<Impl>();
  v->path = path;
  v->width = width;
  v->height = height;
  v->fps = fps;
  v->gif = ends_with(path, ".gif");
  av_log_set_level(AV_LOG_ERROR);
  if (fps < 1 || fps > 120) {
    error = v->fail("the frame rate must be 1 to 120 frames a second");
    return nullptr;
  }
  if (!v->gif && (width % 2 || height % 2)) {
    error = v->fail("H.264 and MPEG-4 need an even width and height; " + std::to_string(width) + "x" +
                    std::to_string(height) + " is not");
    return nullptr;
  }
  int r = avformat_alloc_output_context2(&v->format, nullptr, nullptr, path.c_str());
  if (r < 0 || !v->format) {
    error = v->fail("not a video name libavformat knows; use .mp4 (or .mov, .mkv) or .gif");
    return nullptr;
  }
  const AVCodec* codec = nullptr;
  if (v->gif) {
    codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
    v->codec = "GIF (gif)";
  } else {
    // RENEWMAP_VIDEO_ENCODER=mpeg4 takes the fallback a machine without libx264 gets.
    const char* forced = std::getenv("RENEWMAP_VIDEO_ENCODER");
    const bool mpeg4_only = forced && std::string(forced) == "mpeg4";
    if (!mpeg4_only && (codec = avcodec_find_encoder_by_name("libx264"))) v->codec = "H.264 (libx264)";
    else if ((codec = avcodec_find_encoder(AV_CODEC_ID_MPEG4))) v->codec = "MPEG-4 Part 2 (mpeg4)";
  }
  if (!codec) {
    error = v->fail("libavcodec has no encoder for it (neither H.264 nor MPEG-4)");
    return nullptr;
  }
  v->encoder = avcodec_alloc_context3(codec);
  AVCodecContext* c = v->encoder;
  c->width = width;
  c->height = height;
  c->time_base = AVRational{1, fps};
  c->framerate = AVRational{fps, 1};
  if (v->gif) {
    c->pix_fmt = AV_PIX_FMT_PAL8;
  } else {
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->gop_size = fps * 2;
    // BT.709, limited range: what players assume for HD and what sws is told below.
    c->colorspace = AVCOL_SPC_BT709;
    c->color_primaries = AVCOL_PRI_BT709;
    c->color_trc = AVCOL_TRC_BT709;
    c->color_range = AVCOL_RANGE_MPEG;
    if (codec->id == AV_CODEC_ID_H264) {
      av_opt_set(c->priv_data, "preset", "medium", 0);
      av_opt_set(c->priv_data, "crf", "18", 0);  // sharp text and thin outlines
      av_opt_set(c->priv_data, "profile", "high", 0);
    } else {
      c->flags |= AV_CODEC_FLAG_QSCALE;
      c->global_quality = FF_QP2LAMBDA * 2;
      c->max_b_frames = 0;
    }
  }
  if (v->format->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if ((r = avcodec_open2(c, codec, nullptr)) < 0) {
    error = v->fail("cannot start the " + v->codec + " encoder: " + av_error(r));
    return nullptr;
  }
  v->stream = avformat_new_stream(v->format, nullptr);
  if (!v->stream || avcodec_parameters_from_context(v->stream->codecpar, c) < 0) {
    error = v->fail("cannot add the video stream");
    return nullptr;
  }
  v->stream->time_base = c->time_base;
  v->stream->avg_frame_rate = c->framerate;

  // A hidden partial file beside the final one (same file system: the rename is atomic).
  const fs::path final_path(path);
  const fs::path dir = final_path.has_parent_path() ? final_path.parent_path() : fs::path(".");
  v->partial = (dir / ("." + final_path.filename().string() + ".partial-" + std::to_string(getpid()) +
                       final_path.extension().string())).string();
  // A write past a file-size limit fails with EFBIG (reported) instead of killing us.
  std::signal(SIGXFSZ, SIG_IGN);
  if ((r = avio_open(&v->format->pb, v->partial.c_str(), AVIO_FLAG_WRITE)) < 0) {
    error = v->fail("cannot create the file: " + av_error(r));
    v->partial.clear();
    return nullptr;
  }
  av_free(v->format->url);  // the mp4 muxer's faststart pass reopens this name
  v->format->url = av_strdup(v->partial.c_str());
  AVDictionary* opts = nullptr;
  if (!v->gif) av_dict_set(&opts, "movflags", "+faststart", 0);
  if (v->gif) av_dict_set(&opts, "loop", "0", 0);
  r = avformat_write_header(v->format, &opts);
  av_dict_free(&opts);
  if (r < 0) {
    error = v->fail("cannot write the header: " + av_error(r));
    return nullptr;
  }
  v->frame = av_frame_alloc();
  v->packet = av_packet_alloc();
  v->frame->format = c->pix_fmt;
  v->frame->width = width;
  v->frame->height = height;
  if (av_frame_get_buffer(v->frame, 0) < 0) {
    error = v->fail("out of memory for a frame");
    return nullptr;
  }
  if (!v->gif) {
    v->sws = sws_getContext(width, height, AV_PIX_FMT_RGBA, width, height, AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr,
                            nullptr, nullptr);
    if (!v->sws) {
      error = v->fail("cannot convert RGBA to YUV");
      return nullptr;
    }
    sws_setColorspaceDetails(v->sws, sws_getCoefficients(SWS_CS_ITU709), 1, sws_getCoefficients(SWS_CS_ITU709), 0,
                             0, 1 << 16, 1 << 16);
  }
  return std::unique_ptr<VideoWriter>(new VideoWriter(std::move(v)));
}

bool VideoWriter::add(const uint8_t* rgba, std::string& error) {
  Impl& v = *impl_;
  if (av_frame_make_writable(v.frame) < 0) {
    error = v.fail("out of memory for a frame");
    return false;
  }
  if (v.gif) {
    std::vector<uint8_t> index(static_cast<size_t>(v.width) * v.height);
    v.quantizer.quantize(rgba, index.size(), index.data(), reinterpret_cast<uint32_t*>(v.frame->data[1]));
    for (int y = 0; y < v.height; ++y)
      std::memcpy(v.frame->data[0] + static_cast<size_t>(y) * v.frame->linesize[0],
                  index.data() + static_cast<size_t>(y) * v.width, static_cast<size_t>(v.width));
  } else {
    const uint8_t* src[1] = {rgba};
    const int stride[1] = {v.width * 4};
    sws_scale(v.sws, src, stride, 0, v.height, v.frame->data, v.frame->linesize);
  }
  v.frame->pts = v.next_pts++;
  return v.encode(v.frame, error);
}

bool VideoWriter::finish(std::string& error) {
  Impl& v = *impl_;
  if (!v.encode(nullptr, error)) return false;
  int r = av_write_trailer(v.format);
  if (r < 0 || (v.format->pb && v.format->pb->error < 0)) {
    error = v.fail("cannot finish the file: " + av_error(r < 0 ? r : v.format->pb->error));
    return false;
  }
  if ((r = avio_closep(&v.format->pb)) < 0) {
    error = v.fail("cannot finish the file: " + av_error(r));
    return false;
  }
  // On disk before it takes the final name.
  const int fd = ::open(v.partial.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    error = v.fail(std::string("cannot sync the file: ") + std::strerror(errno));
    if (fd >= 0) ::close(fd);
    return false;
  }
  ::close(fd);
  std::error_code ec;
  fs::rename(v.partial, v.path, ec);
  if (ec) {
    error = v.fail("cannot move the finished file into place: " + ec.message());
    return false;
  }
  v.finished = true;
  const fs::path dir = fs::path(v.path).has_parent_path() ? fs::path(v.path).parent_path() : fs::path(".");
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

}  // namespace app::platform
