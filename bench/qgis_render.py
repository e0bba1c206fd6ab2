"""QGIS's render of the same view as bench_render, for the benchmark's anchor column.

usage: qgis_render.py FILE.gpkg  X0 Y0 X1 Y1 (full extent)  X0 Y0 X1 Y1 (4x zoom)
Prints "qgis full_ms=… zoom4_ms=…": a 1600x900 render categorised on `status`, timed
by QgsMapRendererParallelJob, each the median of three runs. Needs python3-qgis
(Debian) and QT_QPA_PLATFORM=offscreen.
"""
import statistics
import sys
import time

from qgis.core import (QgsApplication, QgsCategorizedSymbolRenderer, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsRectangle, QgsRendererCategory, QgsSymbol, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

app = QgsApplication([], False)
app.initQgis()
path = sys.argv[1]
full = [float(v) for v in sys.argv[2:6]]
zoom = [float(v) for v in sys.argv[6:10]]
layer = QgsVectorLayer(path, "bench", "ogr")
colours = {"规划": "#56b7f2", "征收拆迁": "#cc79a7", "在建": "#f5a800", "竣工": "#009e73", "滞后": "#d55e00",
           "planned": "#56b7f2", "under_construction": "#f5a800", "completed": "#009e73"}
cats = []
for value, colour in colours.items():
    sym = QgsSymbol.defaultSymbol(layer.geometryType())
    sym.setColor(QColor(colour))
    cats.append(QgsRendererCategory(value, sym, value))
layer.setRenderer(QgsCategorizedSymbolRenderer("status", cats))


def render(extent):
    times = []
    for _ in range(3):
        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setOutputSize(QSize(1600, 900))
        settings.setExtent(QgsRectangle(*extent))
        job = QgsMapRendererParallelJob(settings)
        t0 = time.perf_counter()
        job.start()
        job.waitForFinished()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


print(f"qgis full_ms={render(full):.1f} zoom4_ms={render(zoom):.1f}")
app.exitQgis()
