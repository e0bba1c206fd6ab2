#include "geo/colour_vision.hpp"

#include <algorithm>
#include <cmath>

namespace geo {
namespace {

using Matrix = std::array<std::array<double, 3>, 3>;

// Machado, Oliveira & Fernandes, "A Physiologically-based Model for Simulation of
// Color Vision Deficiency", IEEE TVCG 15(6), 2009: the severity 1.0 matrices from the
// authors' table (www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/), applied
// to linear-light sRGB.
constexpr Matrix kDeuteranopia = {{{0.367322, 0.860646, -0.227968},
                                   {0.280085, 0.672501, 0.047413},
                                   {-0.011820, 0.042940, 0.968881}}};
constexpr Matrix kProtanopia = {{{0.152286, 1.052583, -0.204868},
                                 {0.114503, 0.786281, 0.099216},
                                 {-0.003882, -0.048116, 1.051998}}};

// Washed-out projector: each colour mixed 50 % with mid-grey in linear light,
//   linear' = 0.5 * linear + 0.5 * Y_grey,  Y_grey = 0.1842 (the grey of L* = 50),
// and read against the room's own D65 white (Lab white stays Y = 1). This halves every
// linear-light difference between two colours, in luminance and in chroma alike
// ("contrast halved"), around an unchanged mid-level: the projector's white drops to
// Y 0.59 and its black rises to Y 0.09 (6.4:1), about what a projector gives in a lit
// meeting room. Mixing 50 % with white instead (2:1, a projector in a sunlit room) is
// a harsher model, not the one checked here.
constexpr double kWashedOutMix = 0.5;
constexpr double kMidGreyY = (66.0 / 116.0) * (66.0 / 116.0) * (66.0 / 116.0);  // L* = 50

// IEC 61966-2-1 sRGB primaries to CIE XYZ, D65.
constexpr Matrix kSrgbToXyz = {{{0.4124564, 0.3575761, 0.1804375},
                                {0.2126729, 0.7151522, 0.0721750},
                                {0.0193339, 0.1191920, 0.9503041}}};

std::array<double, 3> apply(const Matrix& m, const std::array<double, 3>& v) {
  std::array<double, 3> out{};
  for (size_t i = 0; i < 3; ++i) out[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
  return out;
}

std::array<double, 3> linear_of(Rgba c) {
  return {srgb_to_linear(c.r / 255.0), srgb_to_linear(c.g / 255.0), srgb_to_linear(c.b / 255.0)};
}

uint8_t encode(double linear) {
  const double s = linear_to_srgb(std::clamp(linear, 0.0, 1.0));
  return static_cast<uint8_t>(std::lround(s * 255.0));
}

constexpr double kPi = 3.14159265358979323846;
double radians(double deg) { return deg * kPi / 180.0; }
double degrees(double rad) { return rad * 180.0 / kPi; }

}  // namespace

std::string_view vision_name(Vision v) {
  switch (v) {
    case Vision::Normal: return "normal";
    case Vision::Deuteranopia: return "deuteranopia";
    case Vision::Protanopia: return "protanopia";
    case Vision::WashedOut: return "washed-out projector";
  }
  return "?";
}

double srgb_to_linear(double c) {
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double linear_to_srgb(double c) {
  return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

Rgba simulate(Rgba c, Vision v) {
  if (v == Vision::Normal) return c;
  std::array<double, 3> lin = linear_of(c);
  switch (v) {
    case Vision::Deuteranopia: lin = apply(kDeuteranopia, lin); break;
    case Vision::Protanopia: lin = apply(kProtanopia, lin); break;
    case Vision::WashedOut:
      for (double& x : lin) x = (1.0 - kWashedOutMix) * x + kWashedOutMix * kMidGreyY;
      break;
    case Vision::Normal: break;
  }
  // The matrices can leave the gamut slightly (negative or > 1); clamp, as a screen would.
  return {encode(lin[0]), encode(lin[1]), encode(lin[2]), c.a};
}

Lab to_lab(Rgba c) {
  const std::array<double, 3> xyz = apply(kSrgbToXyz, linear_of(c));
  // The white is the matrix's own row sums (sRGB white), so grey has a* = b* = 0 exactly.
  auto f = [](double t) {
    constexpr double d = 6.0 / 29.0;
    return t > d * d * d ? std::cbrt(t) : t / (3.0 * d * d) + 4.0 / 29.0;
  };
  double fw[3];
  for (size_t i = 0; i < 3; ++i) {
    const double white = kSrgbToXyz[i][0] + kSrgbToXyz[i][1] + kSrgbToXyz[i][2];
    fw[i] = f(xyz[i] / white);
  }
  return {116.0 * fw[1] - 16.0, 500.0 * (fw[0] - fw[1]), 200.0 * (fw[1] - fw[2])};
}

// Sharma, Wu & Dalal, "The CIEDE2000 Color-Difference Formula: Implementation Notes,
// Supplementary Test Data, and Mathematical Observations", Color Research &
// Application 30(1), 2005: equations (1)-(17), variable names as there.
double ciede2000(const Lab& x, const Lab& y) {
  const double c1 = std::hypot(x.a, x.b), c2 = std::hypot(y.a, y.b);
  const double c_bar7 = std::pow((c1 + c2) / 2.0, 7.0);
  const double pow25_7 = 6103515625.0;  // 25^7
  const double g = 0.5 * (1.0 - std::sqrt(c_bar7 / (c_bar7 + pow25_7)));
  const double a1p = (1.0 + g) * x.a, a2p = (1.0 + g) * y.a;
  const double c1p = std::hypot(a1p, x.b), c2p = std::hypot(a2p, y.b);
  auto hue = [](double b, double ap) {
    if (b == 0.0 && ap == 0.0) return 0.0;
    const double h = degrees(std::atan2(b, ap));
    return h < 0.0 ? h + 360.0 : h;
  };
  const double h1p = hue(x.b, a1p), h2p = hue(y.b, a2p);

  const double dlp = y.l - x.l;
  const double dcp = c2p - c1p;
  const bool achromatic = c1p * c2p == 0.0;
  double dhp = 0.0;
  if (!achromatic) {
    dhp = h2p - h1p;
    if (dhp > 180.0) dhp -= 360.0;
    else if (dhp < -180.0) dhp += 360.0;
  }
  const double dHp = 2.0 * std::sqrt(c1p * c2p) * std::sin(radians(dhp / 2.0));

  const double lp_bar = (x.l + y.l) / 2.0;
  const double cp_bar = (c1p + c2p) / 2.0;
  double hp_bar = h1p + h2p;
  if (!achromatic) {
    if (std::abs(h1p - h2p) <= 180.0) hp_bar = (h1p + h2p) / 2.0;
    else if (h1p + h2p < 360.0) hp_bar = (h1p + h2p + 360.0) / 2.0;
    else hp_bar = (h1p + h2p - 360.0) / 2.0;
  }
  const double t = 1.0 - 0.17 * std::cos(radians(hp_bar - 30.0)) + 0.24 * std::cos(radians(2.0 * hp_bar)) +
                   0.32 * std::cos(radians(3.0 * hp_bar + 6.0)) - 0.20 * std::cos(radians(4.0 * hp_bar - 63.0));
  const double d_theta = 30.0 * std::exp(-std::pow((hp_bar - 275.0) / 25.0, 2.0));
  const double cp_bar7 = std::pow(cp_bar, 7.0);
  const double rc = 2.0 * std::sqrt(cp_bar7 / (cp_bar7 + pow25_7));
  const double l50 = (lp_bar - 50.0) * (lp_bar - 50.0);
  const double sl = 1.0 + 0.015 * l50 / std::sqrt(20.0 + l50);
  const double sc = 1.0 + 0.045 * cp_bar;
  const double sh = 1.0 + 0.015 * cp_bar * t;
  const double rt = -std::sin(radians(2.0 * d_theta)) * rc;

  const double tl = dlp / sl, tc = dcp / sc, th = dHp / sh;
  return std::sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
}

std::vector<Status> legend_colour_statuses() {
  std::vector<Status> out;
  for (int i : kLegendOrder)
    if (static_cast<Status>(i) != Status::Unknown) out.push_back(static_cast<Status>(i));
  return out;
}

std::array<VisionReport, kVisionCount> palette_report(const std::array<Rgba, kStatusCount>& palette,
                                                      const std::vector<Status>& statuses) {
  std::array<VisionReport, kVisionCount> out;
  for (int k = 0; k < kVisionCount; ++k) {
    VisionReport& r = out[static_cast<size_t>(k)];
    r.vision = kVisions[k];
    std::vector<Lab> labs;
    for (Status s : statuses) labs.push_back(to_lab(simulate(palette[static_cast<size_t>(s)], r.vision)));
    for (size_t i = 0; i < statuses.size(); ++i)
      for (size_t j = i + 1; j < statuses.size(); ++j) {
        r.pairs.push_back({statuses[i], statuses[j], ciede2000(labs[i], labs[j])});
        if (r.pairs.size() == 1 || r.pairs.back().delta_e < r.closest.delta_e) r.closest = r.pairs.back();
      }
  }
  return out;
}

}  // namespace geo
