// Types for the part of libsvm-js@0.2.1 we use (the package ships none).
declare module "libsvm-js/asm.js" {
  interface LibsvmOptions {
    type?: string;
    kernel?: string;
    degree?: number;
    gamma?: number;
    coef0?: number;
    cost?: number;
    cacheSize?: number;
    tolerance?: number;
    shrinking?: boolean;
    probabilityEstimates?: boolean;
    quiet?: boolean;
  }
  class SVM {
    constructor(options: LibsvmOptions);
    train(samples: number[][], labels: number[]): void;
    predictOne(sample: number[]): number;
    getSVIndices(): number[];
    getLabels(): number[];
    serializeModel(): string;
    free(): void;
    static SVM_TYPES: { C_SVC: string };
    static KERNEL_TYPES: { LINEAR: string; POLYNOMIAL: string; RBF: string };
  }
  export default SVM;
}
