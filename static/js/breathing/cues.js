// Cues for eyes-closed use: soft tones (Web Audio, no files), spoken words
// (speechSynthesis) and vibration. Each is a switch the person sets once; the
// choice is remembered on this phone.

const KEY = "steady-cues";
const DEFAULTS = { sound: false, voice: false, vibrate: false };
const AudioContextClass = window.AudioContext || window.webkitAudioContext;

export const support = {
  sound: Boolean(AudioContextClass),
  voice: "speechSynthesis" in window && "SpeechSynthesisUtterance" in window,
  vibrate: typeof navigator.vibrate === "function",
};

// A voice that speaks the page's language, or null (none installed, or not loaded yet).
export const voiceFor = (lang) => (support.voice && window.speechSynthesis.getVoices()
  .find((v) => v.lang.toLowerCase().startsWith(lang.toLowerCase()))) || null;

const VIBRATION = {
  in: [400], // one long pulse: breathe in
  hold: [60],
  out: [120, 100, 120], // two short pulses: breathe out
  step: [200],
  beat: [30],
  done: [200, 120, 200, 120, 200],
};
const VOLUME = 0.07;
const TONE_CAP_SECONDS = 8; // a long phase still gets a tone that fades out in time

export function loadSettings() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(KEY) || "{}") };
  } catch {
    return { ...DEFAULTS };
  }
}

export function saveSettings(settings) {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // private browsing or a full disk: the switch still works for this visit
  }
}

export class Cues {
  constructor(settings) {
    this.settings = settings;
    this.audio = null;
    this.playing = new Set();
  }

  /** Call from a tap: browsers only let sound start after the person acts. */
  unlock() {
    if (!this.settings.sound || !support.sound) return;
    if (!this.audio) this.audio = new AudioContextClass();
    if (this.audio.state === "suspended") this.audio.resume().catch(() => {});
  }

  /** A phase or step begins: tone, words and buzz, each if switched on. */
  phase(kind, seconds, words) {
    if (kind === "in") this.glide(196, 294, seconds);
    else if (kind === "out") this.glide(294, 196, seconds);
    else if (kind === "hold") this.note(247, 0.5);
    else this.chime();
    this.say(words);
    this.buzz(kind in VIBRATION ? kind : "step");
  }

  /** One marching beat: a low tick for the left foot, a higher one for the right. */
  beat(side) {
    this.note(side === "left" ? 165 : 220, 0.09, VOLUME * 1.4);
    this.buzz("beat");
  }

  done() {
    this.chime();
    this.buzz("done");
  }

  glide(from, to, seconds) {
    const length = Math.min(seconds, TONE_CAP_SECONDS);
    const tone = this.oscillator(from, length);
    if (!tone) return;
    const start = this.audio.currentTime;
    tone.osc.frequency.exponentialRampToValueAtTime(to, start + length);
  }

  note(frequency, seconds, volume = VOLUME) {
    this.oscillator(frequency, seconds, volume);
  }

  chime() {
    this.note(392, 0.35);
    setTimeout(() => this.note(523, 0.45), 180);
  }

  oscillator(frequency, seconds, volume = VOLUME) {
    if (!this.settings.sound || !this.audio) return null;
    const start = this.audio.currentTime;
    const osc = this.audio.createOscillator();
    const gain = this.audio.createGain();
    osc.type = "sine";
    osc.frequency.setValueAtTime(frequency, start);
    const fade = Math.min(0.4, seconds / 3);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(volume, start + fade);
    gain.gain.setValueAtTime(volume, start + seconds - fade);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
    osc.connect(gain).connect(this.audio.destination);
    osc.start(start);
    osc.stop(start + seconds + 0.05);
    const tone = { osc, gain };
    this.playing.add(tone);
    osc.addEventListener("ended", () => this.playing.delete(tone));
    return tone;
  }

  say(words) {
    if (!this.settings.voice || !support.voice || !words) return;
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(words);
    utterance.lang = document.documentElement.lang || "en";
    utterance.voice = voiceFor(utterance.lang);
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  }

  buzz(kind) {
    if (this.settings.vibrate && support.vibrate) navigator.vibrate(VIBRATION[kind]);
  }

  /** Pause or stop: no sound, voice or buzz carries on. */
  silence() {
    for (const tone of this.playing) {
      try {
        tone.gain.gain.cancelScheduledValues(this.audio.currentTime);
        tone.gain.gain.setValueAtTime(0.0001, this.audio.currentTime);
        tone.osc.stop();
      } catch {
        // already stopped
      }
    }
    this.playing.clear();
    if (support.voice) window.speechSynthesis.cancel();
    if (support.vibrate) navigator.vibrate(0);
  }
}
