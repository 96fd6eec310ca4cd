# Praat's voice-report measures for every sound file listed in a file, in one Praat process, written as
# one line per file to <outFile>: "path<TAB>jitterLocal<TAB>shimmerLocal<TAB>hnrDb<TAB>pulses<TAB>seconds"
# (undefined → NaN). The recipe is the voice report's: To Pitch (cc) with Praat's defaults over
# floorHz–ceilingHz; Sound & Pitch: To PointProcess (cc); Get jitter (local) and Get shimmer (local)
# with period floor 0.0001 s, ceiling 0.02 s, period factor 1.3, amplitude factor 1.6; To Harmonicity
# (cc) with time step 0.01 s, floor 75 Hz, silence threshold 0.1, 1 period per window, and its mean
# over the frames that are not unvoiced. `seconds` times the analysis alone (stopwatch), not reading.
# With dumpDir set, also <dumpDir>/<name>.pulses.txt (pulse times) and .hnr.txt (time, dB per frame).
# Usage: praat --run voice-report.praat <listFile> <outFile> <floorHz> <ceilingHz> <dumpDir or "">
# (main/prosody/testing/praat-voice-report.ts runs it for the benchmark and the agreement test).
form Voice report
  sentence listFile
  sentence outFile
  positive floorHz 75
  positive ceilingHz 600
  sentence dumpDir
endform

list = Read Strings from raw text file: listFile$
fileCount = Get number of strings
writeFile: outFile$, ""
for ifile to fileCount
  selectObject: list
  path$ = Get string: ifile
  sound = Read from file: path$
  name$ = selected$ ("Sound")
  stopwatch
  pitch = To Pitch (cc): 0, floorHz, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, ceilingHz
  selectObject: sound, pitch
  pulses = To PointProcess (cc)
  pulseCount = Get number of points
  jitter = Get jitter (local): 0, 0, 0.0001, 0.02, 1.3
  selectObject: sound, pulses
  shimmer = Get shimmer (local): 0, 0, 0.0001, 0.02, 1.3, 1.6
  selectObject: sound
  harmonicity = To Harmonicity (cc): 0.01, 75, 0.1, 1.0
  hnr = Get mean: 0, 0
  seconds = stopwatch
  line$ = path$ + tab$ + fixed$ (jitter, 8) + tab$ + fixed$ (shimmer, 8) + tab$ + fixed$ (hnr, 6) + tab$ + string$ (pulseCount) + tab$ + fixed$ (seconds, 6)
  appendFileLine: outFile$, replace$ (line$, "--undefined--", "NaN", 0)
  if dumpDir$ <> ""
    selectObject: pulses
    text$ = ""
    for i to pulseCount
      time = Get time from index: i
      text$ = text$ + fixed$ (time, 7) + newline$
    endfor
    writeFile: dumpDir$ + "/" + name$ + ".pulses.txt", text$
    selectObject: harmonicity
    frames = Get number of frames
    text$ = ""
    for i to frames
      time = Get time from frame number: i
      value = Get value in frame: i
      text$ = text$ + fixed$ (time, 5) + " " + fixed$ (value, 4) + newline$
    endfor
    writeFile: dumpDir$ + "/" + name$ + ".hnr.txt", text$
  endif
  removeObject: sound, pitch, pulses, harmonicity
endfor
removeObject: list
