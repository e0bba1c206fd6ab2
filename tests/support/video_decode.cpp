#include "support/video_decode.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

#include <algorithm>

namespace testdata {

DecodedVideo decode_video(const std::string& path, const std::vector<size_t>& keep) {
  DecodedVideo out;
  AVFormatContext* format = nullptr;
  if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) {
    out.error = "cannot open " + path;
    return out;
  }
  AVCodecContext* decoder = nullptr;
  AVFrame* frame = av_frame_alloc();
  AVPacket* packet = av_packet_alloc();
  SwsContext* sws = nullptr;
  auto take = [&](AVFrame* f) {
    const size_t n = out.frames++;
    if (std::find(keep.begin(), keep.end(), n) == keep.end()) return;
    const auto fmt = static_cast<AVPixelFormat>(f->format);
    sws = sws_getCachedContext(sws, f->width, f->height, fmt, f->width, f->height, AV_PIX_FMT_RGBA, SWS_BICUBIC,
                               nullptr, nullptr, nullptr);
    if (fmt != AV_PIX_FMT_PAL8 && fmt != AV_PIX_FMT_RGB8 && fmt != AV_PIX_FMT_BGR8) {
      const int cs = f->colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT;
      sws_setColorspaceDetails(sws, sws_getCoefficients(cs), f->color_range == AVCOL_RANGE_JPEG,
                               sws_getCoefficients(cs), 1, 0, 1 << 16, 1 << 16);
    }
    std::vector<uint8_t> rgba(static_cast<size_t>(f->width) * f->height * 4);
    uint8_t* dst[1] = {rgba.data()};
    const int stride[1] = {f->width * 4};
    sws_scale(sws, f->data, f->linesize, 0, f->height, dst, stride);
    out.rgba[n] = std::move(rgba);
  };
  do {
    if (avformat_find_stream_info(format, nullptr) < 0) {
      out.error = "no stream information in " + path;
      break;
    }
    const int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (index < 0) {
      out.error = "no video stream in " + path;
      break;
    }
    AVStream* st = format->streams[index];
    const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
    decoder = avcodec_alloc_context3(codec);
    avcodec_parameters_to_context(decoder, st->codecpar);
    if (!codec || avcodec_open2(decoder, codec, nullptr) < 0) {
      out.error = "no decoder for " + path;
      break;
    }
    out.codec = codec->name;
    out.format = format->iformat->name;
    out.width = st->codecpar->width;
    out.height = st->codecpar->height;
    out.fps = av_q2d(st->avg_frame_rate);
    out.duration = format->duration > 0 ? static_cast<double>(format->duration) / AV_TIME_BASE : 0.0;
    while (av_read_frame(format, packet) >= 0) {
      if (packet->stream_index == index && avcodec_send_packet(decoder, packet) >= 0)
        while (avcodec_receive_frame(decoder, frame) >= 0) take(frame);
      av_packet_unref(packet);
    }
    avcodec_send_packet(decoder, nullptr);
    while (avcodec_receive_frame(decoder, frame) >= 0) take(frame);
  } while (false);
  sws_freeContext(sws);
  av_packet_free(&packet);
  av_frame_free(&frame);
  avcodec_free_context(&decoder);
  avformat_close_input(&format);
  return out;
}

}  // namespace testdata
