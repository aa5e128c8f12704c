// Types for ml-isolation-forest@0.1.0 (ships none). Named export; retraining an instance APPENDS trees.
declare module 'ml-isolation-forest' {
  export class IsolationForest {
    constructor(options?: { nEstimators?: number });
    train(trainingSet: number[][]): void;
    predict(data: number[][]): number[];
  }
}
