/**
 * The npm `ml-isolation-forest` package driven exactly like our IsolationForestDetector (same causal A1 features,
 * same fit/refit schedule and training window, same calibration), so NAB score and throughput compare like for like.
 */
import { IsolationForest as MlIsolationForest } from 'ml-isolation-forest';
import { FEATURE_COUNT, FeatureExtractor, ScoreCalibrator } from '../../src/engine/detect';
import { PointScore, StreamingDetector } from '../../src/engine/detect/streaming';

export interface MlForestOptions {
  trees?: number;
  trainAfter?: number;
  retrainEvery?: number;
  trainingWindow?: number;
  /** After each fit, rebuild the calibrator from the new forest's scores of its training window (as ours does). */
  recalibrateOnFit?: boolean;
}

export class MlIsolationForestDetector implements StreamingDetector {
  readonly name = 'ml-isolation-forest';
  private readonly features = new FeatureExtractor();
  private readonly rows: number[][] = [];
  private forest: MlIsolationForest | undefined;
  private sinceFit = 0;
  private calibrator = new ScoreCalibrator();
  private readonly o: Required<MlForestOptions>;

  constructor(options: MlForestOptions = {}) {
    this.o = {
      trees: 100,
      trainAfter: 400,
      retrainEvery: 2000,
      trainingWindow: 4096,
      recalibrateOnFit: true,
      ...options,
    };
  }

  update(t: number, v: number): PointScore {
    if (v !== v) {
      return { expected: NaN, lower: NaN, upper: NaN, deviation: 0, raw: 0, probability: 0 };
    }
    const row = new Array<number>(FEATURE_COUNT);
    this.features.update(t, v, row);
    this.rows.push(row);
    if (this.rows.length > this.o.trainingWindow) {
      this.rows.shift();
    }
    this.sinceFit++;
    if (
      (!this.forest && this.rows.length >= this.o.trainAfter) ||
      (this.forest && this.sinceFit >= this.o.retrainEvery)
    ) {
      this.forest = new MlIsolationForest({ nEstimators: this.o.trees });
      this.forest.train(this.rows.slice());
      this.sinceFit = 0;
      if (this.o.recalibrateOnFit) {
        this.calibrator = new ScoreCalibrator();
        for (const raw of this.forest.predict(this.rows)) {
          this.calibrator.learn(raw);
        }
      }
    }
    if (!this.forest) {
      return { expected: NaN, lower: NaN, upper: NaN, deviation: 0, raw: 0, probability: 0 };
    }
    const raw = this.forest.predict([row])[0];
    const probability = this.calibrator.probability(raw);
    this.calibrator.learn(raw);
    return { expected: NaN, lower: NaN, upper: NaN, deviation: 0, raw, probability };
  }
}
