// Microphone capture for the Record view: getUserMedia on the chosen device, an AudioWorklet that
// hands over mono blocks, and a peak level for the meter. Failures become messages a user can act on.
import { CodedError } from '../../../shared/errors/coded-error';

/** A running capture. */
export interface Capture {
  sampleRate: number;
  stop(): Promise<void>;
}

/** Why capture could not start, in words. */
export class CaptureError extends CodedError<'denied' | 'no_device' | 'busy' | 'unsupported' | 'failed'> {}

export async function listMicrophones(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
}

export async function startCapture(deviceId: string, onBlock: (mono: Float32Array, peak: number) => void): Promise<Capture> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw new CaptureError('unsupported', 'This window cannot use a microphone (no media devices API).');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        deviceId: deviceId ? { exact: deviceId } : undefined,
        echoCancellation: false,
        noiseSuppression: false,
        autoGainControl: false,
      },
    });
  } catch (error) {
    throw asCaptureError(error);
  }
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(new URL('./pcm-capture-worklet.js', document.baseURI).href);
  } catch (error) {
    stream.getTracks().forEach((t) => t.stop());
    await context.close();
    throw new CaptureError('failed', `Could not start audio capture: ${(error as Error).message}`);
  }
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'pcm-capture');
  node.port.onmessage = (message: MessageEvent<Float32Array>) => {
    const block = message.data;
    let peak = 0;
    for (let i = 0; i < block.length; i++) peak = Math.max(peak, Math.abs(block[i]!));
    onBlock(block, peak);
  };
  source.connect(node);
  // The worklet only runs while connected to the graph's output; it writes silence there.
  node.connect(context.destination);
  return {
    sampleRate: context.sampleRate,
    stop: async () => {
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      stream.getTracks().forEach((t) => t.stop());
      await context.close();
    },
  };
}

function asCaptureError(error: unknown): CaptureError {
  const name = (error as DOMException)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new CaptureError(
      'denied',
      'Microphone access was denied. Allow the microphone for this app (site settings or system privacy settings) and try again.',
    );
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return new CaptureError('no_device', 'No microphone was found. Connect one, or pick another input device.');
  if (name === 'NotReadableError') return new CaptureError('busy', 'The microphone is in use by another program or could not be opened.');
  return new CaptureError('failed', `The microphone could not be opened: ${(error as Error)?.message ?? String(error)}`);
}
