# Tracks F0 with Praat's "To Pitch (ac)" for every WAV listed in a file, in one Praat process, and writes
# per file a listing <outDir>/<name>.pitch.txt: line 1 "firstTimeS stepS frameCount analysisSeconds",
# then one F0 (Hz, 0 = unvoiced) per line. analysisSeconds times "To Pitch (ac)" alone (stopwatch,
# best of `repeats` runs, as the benchmark times ours), so the benchmark can report Praat's cost
# without process start-up and file reading.
# Usage: praat --run pitch-listing.praat <listFile> <outDir> <floorHz> <ceilingHz> <repeats>
form Pitch listing
  sentence listFile
  sentence outDir
  positive floorHz 75
  positive ceilingHz 600
  natural repeats 1
endform

list = Read Strings from raw text file: listFile$
fileCount = Get number of strings
for ifile to fileCount
  selectObject: list
  path$ = Get string: ifile
  sound = Read from file: path$
  name$ = selected$ ("Sound")
  seconds = 1e9
  for irepeat to repeats
    if irepeat > 1
      removeObject: pitch
      selectObject: sound
    endif
    stopwatch
    # Praat's defaults apart from the range: time step 0 = 0.75 / floor, 15 candidates, accurate off,
    # silence 0.03, voicing 0.45, octave 0.01, octave-jump 0.35, voiced/unvoiced 0.14.
    pitch = To Pitch (ac): 0, floorHz, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, ceilingHz
    seconds = min (seconds, stopwatch)
  endfor
  frameCount = Get number of frames
  firstTime = Get time from frame number: 1
  step = Get time step
  text$ = fixed$ (firstTime, 6) + " " + fixed$ (step, 6) + " " + string$ (frameCount) + " " + fixed$ (seconds, 6) + newline$
  for iframe to frameCount
    hz = Get value in frame: iframe, "Hertz"
    if hz = undefined
      hz = 0
    endif
    text$ = text$ + fixed$ (hz, 3) + newline$
  endfor
  writeFile: outDir$ + "/" + name$ + ".pitch.txt", text$
  removeObject: sound, pitch
endfor
removeObject: list
